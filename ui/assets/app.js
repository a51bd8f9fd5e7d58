// takeback's page: five steps drawn from the server's state, which it
// streams whole at each change. Every word comes from the server, in the
// page's language; this file holds none.
'use strict';

const token = new URLSearchParams(location.search).get('token');
const lang = document.documentElement.lang;
const words = JSON.parse(document.getElementById('words').textContent);

function w(key) {
  const text = words[key];
  if (text === undefined) throw new Error('no word ' + key);
  return text;
}

function $(id) { return document.getElementById(id); }

function address(path, params) {
  const q = new URLSearchParams(params || {});
  q.set('token', token);
  q.set('lang', lang);
  return path + '?' + q.toString();
}

async function answer(res) {
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

async function get(path, params) {
  return answer(await fetch(address(path, params), { headers: { 'X-Takeback-Token': token } }));
}

async function post(path, body) {
  return answer(await fetch(address(path), {
    method: 'POST',
    headers: { 'X-Takeback-Token': token, 'Content-Type': 'application/json' },
    body: JSON.stringify(body || {}),
  }));
}

function show(el, on) { el.hidden = !on; }

function say(el, text) {
  el.textContent = text || '';
  show(el, !!text);
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function button(text, onClick, cls) {
  const b = el('button', cls, text);
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

// The state the server streams, and what only the page knows: the step
// shown, the folder listed, the archives picked, the categories left out.
let state = null;
let step = 0;
let listing = null;
let chosen = JSON.parse(sessionStorage.getItem('takeback-chosen') || '[]');
const leftOut = new Set(JSON.parse(sessionStorage.getItem('takeback-left-out') || '[]'));
let frameSrc = '';
let showLogin = false;

// take keeps a state from the server unless a newer one came first: an
// answer may arrive after the events that followed it.
function take(s) {
  if (!state || s.version >= state.version) state = s;
}

function go(n) {
  step = n;
  history.replaceState(null, '', '#' + n);
  render();
  window.scrollTo(0, 0);
}

function fail(id) {
  return (e) => say($(id), e.message);
}

// Step 1: the folders and archives.

async function browse(path) {
  say($('browse-error'), '');
  try {
    listing = await get('/api/browse', path ? { path } : {});
  } catch (e) {
    say($('browse-error'), e.message);
    return;
  }
  $('path').value = listing.path;
  drawListing();
}

function isChosen(paths) {
  return chosen.some((c) => c.paths.join('\n') === paths.join('\n'));
}

function choose(entry) {
  if (!isChosen(entry.paths)) chosen.push({ name: entry.name, parts: entry.parts || '', missing: entry.missing || [], paths: entry.paths });
  keepChosen();
}

function keepChosen() {
  sessionStorage.setItem('takeback-chosen', JSON.stringify(chosen));
  drawListing();
  drawChosen();
}

function entryLine(entry) {
  const li = el('li', entry.type);
  const name = el('span', 'name');
  if (entry.type === 'folder' || entry.type === 'export') {
    name.append(button(entry.name, () => browse(entry.path), 'link open'));
  } else {
    name.textContent = entry.name;
  }
  li.append(name);
  const info = [entry.parts, entry.size].filter(Boolean).join(' · ');
  if (entry.type === 'export') li.append(el('span', 'badge', w('export')));
  if (info) li.append(el('span', 'info', info));
  return li;
}

// warn adds an entry's missing parts, under the rest of its line.
function warn(li, entry) {
  for (const m of entry.missing || []) li.append(el('span', 'warn', m));
}

function drawListing() {
  const ul = $('entries');
  ul.replaceChildren();
  if (!listing) return;
  let archives = 0;
  for (const entry of listing.entries) {
    const li = entryLine(entry);
    if (entry.paths) {
      if (entry.type !== 'export') archives++;
      const b = button(isChosen(entry.paths) ? w('added') : w('add'), () => choose(entry), 'add');
      b.disabled = isChosen(entry.paths);
      li.append(b);
    }
    warn(li, entry);
    ul.append(li);
  }
  show($('empty'), listing.entries.length === 0);
  show($('add-all'), archives > 1);
  show($('here-export'), listing.export && !isChosen([listing.path]));
  $('up').disabled = !listing.parent;
}

function drawChosen() {
  const ul = $('chosen');
  ul.replaceChildren();
  chosen.forEach((c, i) => {
    const li = entryLine(c);
    li.className = 'chosen';
    li.append(button(w('remove'), () => { chosen.splice(i, 1); keepChosen(); }, 'remove'));
    warn(li, c);
    ul.append(li);
  });
  show($('nothing-chosen'), chosen.length === 0);
  $('next1').disabled = chosen.length === 0;
}

async function next1() {
  say($('choose-error'), '');
  try {
    take(await post('/api/archives', { paths: chosen.flatMap((c) => c.paths) }));
    frameSrc = '';
    go(2);
  } catch (e) {
    say($('choose-error'), e.message);
  }
}

// Step 2: the login. The new tab is opened in the click itself, or the
// browser would block it; it goes to the login page once the server has
// started the login.
async function logIn(ev) {
  ev.preventDefault();
  say($('login-error'), '');
  const tab = window.open('', '_blank');
  // The login page gets no hold on this one.
  if (tab) tab.opener = null;
  try {
    const started = await post('/api/login', { server: $('server').value });
    take(started);
    if (tab) tab.location.href = started.login.url;
    showLogin = false;
    render();
  } catch (e) {
    if (tab) tab.close();
    say($('login-error'), e.message);
  }
}

function drawStep2() {
  const s = state;
  show($('connected'), !!s.account);
  if (s.account) $('connected-as').textContent = s.account.text;
  const storedOther = s.stored && (!s.account || s.stored.server !== s.account.server || s.stored.user !== s.account.user);
  show($('stored'), !!storedOther && !s.login.waiting);
  if (s.stored) $('stored-as').textContent = s.stored.text;
  const form = showLogin || (!s.account && !s.stored && !s.login.waiting);
  show($('login'), form && !s.login.waiting);
  show($('other-toggle'), !form && !s.login.waiting);
  if (!$('server').value && (s.account || s.stored)) $('server').value = (s.account || s.stored).server;
  show($('waiting'), s.login.waiting);
  if (s.login.url) $('login-link').href = s.login.url;
  if (s.login.error) say($('login-error'), s.login.error);
  $('next2').disabled = !s.account;
}

// Step 3: the preview report in a frame, with the categories to import.
function only() {
  return state.categories.map((c) => c.name).filter((n) => !leftOut.has(n));
}

function drawStep3() {
  const s = state;
  say($('scan-text'), s.scan.state === 'running' ? s.scan.text : '');
  say($('check-text'), s.check.state === 'running' ? s.check.text : '');
  say($('preview-error'), s.scan.error || s.check.error || '');
  show($('retry-check'), s.check.state === 'failed');
  const list = $('kind-list');
  const names = (s.categories || []).map((c) => c.name + c.label).join('\n');
  if (list.dataset.names !== names) {
    list.dataset.names = names;
    list.replaceChildren();
    for (const c of s.categories || []) {
      const label = el('label', 'kind');
      const box = el('input');
      box.type = 'checkbox';
      box.value = c.name;
      box.checked = !leftOut.has(c.name);
      box.addEventListener('change', () => {
        if (box.checked) leftOut.delete(c.name); else leftOut.add(c.name);
        sessionStorage.setItem('takeback-left-out', JSON.stringify([...leftOut]));
        render();
      });
      label.append(box, ' ', c.label);
      list.append(label);
    }
  }
  show($('kinds'), (s.categories || []).length > 0);
  const ready = s.scan.state === 'done' && s.check.state !== 'running';
  $('start').disabled = !ready || only().length === 0 || !s.account;
  // A frame measured while its step is hidden would have no width.
  if (!ready || step !== 3) {
    show($('preview'), false);
    return;
  }
  const params = {};
  if (leftOut.size > 0) params.only = only().join(',');
  const src = address('/preview', params) + '&checked=' + s.check.state;
  if (src !== frameSrc) {
    frameSrc = src;
    $('preview').src = src;
  }
  show($('preview'), true);
}

// The frame is as tall as the report, so that the page scrolls as one:
// the height of the report's own box, which unlike its scrollHeight does
// not grow with the frame.
function fitFrame() {
  const f = $('preview');
  const doc = f.contentDocument;
  if (doc && doc.documentElement) f.style.height = Math.ceil(doc.documentElement.getBoundingClientRect().height) + 'px';
}

async function startImport() {
  say($('import-error'), '');
  try {
    take(await post('/api/import', { only: only() }));
    go(4);
  } catch (e) {
    say($('import-error'), e.message);
  }
}

// Step 4: the progress.
function drawStep4() {
  const im = state.import;
  if (!im) return;
  $('import-status').textContent = im.status;
  $('bar').value = im.percent;
  for (const k of ['items', 'size', 'speed', 'left', 'current']) say($(k), im[k]);
  say($('start-error'), im.error);
  show($('pause'), im.state === 'running');
  show($('resume'), im.state === 'paused');
  show($('cancel'), ['starting', 'running', 'pausing', 'paused'].includes(im.state));
  show($('back4'), im.state === 'failed');
}

function control(path) {
  return async () => {
    say($('start-error'), '');
    try {
      take(await post(path));
      render();
    } catch (e) {
      say($('start-error'), e.message);
    }
  };
}

// Step 5: the outcome.
function drawStep5() {
  const im = state.import;
  if (!im) return;
  $('done-status').textContent = im.status;
  const ul = $('summary');
  ul.replaceChildren(...(im.summary || []).map((line) => el('li', '', line)));
  const links = $('links');
  links.replaceChildren();
  for (const l of im.links || []) {
    const a = el('a', 'button', l.label);
    a.href = l.url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    links.append(a);
  }
}

function render() {
  if (!state || !step) return;
  const im = state.import;
  if (im && im.state === 'done' && step === 4) {
    go(5);
    return;
  }
  if (!im && step >= 4) step = 3;
  for (let n = 1; n <= 5; n++) show($('step' + n), n === step);
  for (const li of $('steps').children) {
    const n = Number(li.dataset.step);
    li.classList.toggle('past', n < step);
    if (n === step) li.setAttribute('aria-current', 'step'); else li.removeAttribute('aria-current');
  }
  for (const code of ['en', 'fr']) {
    $('lang-' + code).href = '/?' + new URLSearchParams({ token, lang: code }).toString() + '#' + step;
  }
  drawChosen();
  drawStep2();
  drawStep3();
  drawStep4();
  drawStep5();
}

// The step to show when the page opens: the one in the address, if the
// state allows it, else where the import is.
function firstStep() {
  const im = state.import;
  if (im) return im.state === 'done' ? 5 : 4;
  const n = Number(location.hash.slice(1));
  if (n === 2 && state.paths) return 2;
  if (n === 3 && state.paths && state.account) return 3;
  return 1;
}

function follow() {
  const events = new EventSource(address('/api/events'));
  events.onmessage = (m) => {
    show($('offline'), false);
    take(JSON.parse(m.data));
    if (!step) go(firstStep());
    else render();
  };
  // The browser tries again by itself; until it gets through, say so.
  events.onerror = () => show($('offline'), true);
}

document.addEventListener('DOMContentLoaded', () => {
  $('home').addEventListener('click', () => browse(''));
  $('up').addEventListener('click', () => listing && listing.parent && browse(listing.parent));
  $('goto').addEventListener('submit', (ev) => { ev.preventDefault(); browse($('path').value.trim()); });
  $('add-here').addEventListener('click', () => choose({ name: listing.path, paths: [listing.path] }));
  $('add-all').addEventListener('click', () => listing.entries.filter((e) => e.paths && e.type !== 'export').forEach(choose));
  $('next1').addEventListener('click', next1);

  $('login').addEventListener('submit', logIn);
  $('use-stored').addEventListener('click', () => post('/api/login/stored').then((s) => { take(s); showLogin = false; render(); }, fail('login-error')));
  $('other').addEventListener('click', () => { showLogin = true; render(); $('server').focus(); });
  $('cancel-login').addEventListener('click', () => post('/api/login/cancel').then((s) => { take(s); render(); }, fail('login-error')));
  $('back2').addEventListener('click', () => go(1));
  $('next2').addEventListener('click', () => go(3));

  $('retry').addEventListener('click', () => post('/api/check').then((s) => { take(s); render(); }, fail('preview-error')));
  $('back3').addEventListener('click', () => go(2));
  $('start').addEventListener('click', startImport);
  $('preview').addEventListener('load', fitFrame);
  window.addEventListener('resize', fitFrame);

  $('pause').addEventListener('click', control('/api/pause'));
  $('resume').addEventListener('click', control('/api/resume'));
  $('cancel').addEventListener('click', control('/api/cancel'));
  $('back4').addEventListener('click', () => go(3));

  browse('');
  follow();
});
