package nextcloud

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/url"
	"strconv"
	"strings"
	"syscall"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// Diagnose checks a Nextcloud before an import and explains, in plain
// words, what it finds (nextcloud-api.md §10.1): whether the server answers
// and its certificate is valid, its version and maintenance mode, the
// login, the capabilities (chunking, file-name rules), whether the photo
// folders show in the Photos timeline, the calendar and address-book
// limits, and the free space against what the import needs. A check that
// the server cannot answer (another DAV server, an app that is off) is a
// warning, never a failure of Diagnose itself.

// Level says how a Finding bears on an import.
type Level string

const (
	OK      Level = "ok"
	Warning Level = "warning" // the import works, but something is worth knowing
	Problem Level = "problem" // the import would fail, or would do something unwanted
)

// Check names one of Diagnose's checks.
type Check string

const (
	CheckServer       Check = "server"       // reachability and TLS
	CheckStatus       Check = "status"       // status.php: version, maintenance
	CheckLogin        Check = "login"        // the credentials
	CheckCapabilities Check = "capabilities" // chunking, file-name rules
	CheckPhotos       Check = "photos"       // photo folders in the Photos timeline
	CheckCalendars    Check = "calendars"    // calendar and address-book limits
	CheckQuota        Check = "quota"        // free space against the import's size
)

// AllChecks are the checks in the order Diagnose runs them.
var AllChecks = []Check{CheckServer, CheckStatus, CheckLogin, CheckCapabilities, CheckPhotos, CheckCalendars, CheckQuota}

// PreflightChecks are the checks an import runs before it starts: what
// would make it fail as a whole, and the capabilities it goes by.
var PreflightChecks = []Check{CheckServer, CheckStatus, CheckLogin, CheckCapabilities, CheckQuota}

// Text is the level as a person reads it.
func (l Level) Text() lang.Text {
	switch l {
	case OK:
		return lang.T("ok")
	case Warning:
		return lang.T("warning")
	case Problem:
		return lang.T("problem")
	}
	return serverWords(string(l))
}

// Finding is one line of a diagnosis.
type Finding struct {
	Check  Check
	Level  Level
	Title  lang.Text // a few words: "Login", "Free space"
	Detail lang.Text // one or two sentences
}

// Text is the finding as one line, "ok       Login: logged in as Alice".
func (f Finding) Text() lang.Text {
	return lang.T("%-8v %v: %v", f.Level.Text(), f.Title, f.Detail)
}

// String is the line in English.
func (f Finding) String() string { return f.Text().String() }

// DiagnoseOptions says what to check.
type DiagnoseOptions struct {
	// Options gives the server (Options.Server), the login and the
	// transport. Options.Into is not used.
	Options
	// Checks, when set, limits the checks to these (see PreflightChecks);
	// nil means AllChecks. Server and status are always checked: nothing
	// else can be without them.
	Checks []Check
	// PhotosDirs are the folders, relative to the user's files, that
	// photos go to ("Photos/Google Photos").
	PhotosDirs []string
	// Need is how many bytes the import will store, or a negative number
	// when unknown; NeedWhat says what the number is ("the size of the
	// archive").
	Need     int64
	NeedWhat lang.Text
}

// Diagnosis is what Diagnose found.
type Diagnosis struct {
	Findings []Finding
	// What was learnt on the way, nil when not: for callers that go on
	// with the import.
	Status       *Status
	User         *User
	Capabilities *Capabilities
}

// Problems are the findings of level Problem, except those of the
// checks named in ignore.
func (d *Diagnosis) Problems(ignore ...Check) []Finding {
	var out []Finding
	for _, f := range d.Findings {
		if f.Level == Problem && !containsCheck(ignore, f.Check) {
			out = append(out, f)
		}
	}
	return out
}

func containsCheck(list []Check, c Check) bool {
	for _, x := range list {
		if x == c {
			return true
		}
	}
	return false
}

// diagnosis is Diagnose's state.
type diagnosis struct {
	*Diagnosis
	o      DiagnoseOptions
	s      *Server
	checks []Check
}

func (d *diagnosis) add(c Check, l Level, title, detail lang.Text) {
	// A second line of defence: a detail that holds the password is told
	// in English only, without it. The password would come from an
	// argument, so it would be in every language.
	if p := d.o.Password; len(p) >= 4 && strings.Contains(detail.String(), p) {
		detail = serverWords(strings.ReplaceAll(detail.String(), p, "[redacted]"))
	}
	d.Findings = append(d.Findings, Finding{Check: c, Level: l, Title: title, Detail: detail})
}

func (d *diagnosis) wants(c Check) bool { return d.checks == nil || containsCheck(d.checks, c) }

// Diagnose runs the checks. It never fails: what goes wrong is a finding.
func Diagnose(ctx context.Context, o DiagnoseOptions) *Diagnosis {
	d := &diagnosis{Diagnosis: &Diagnosis{}, o: o, checks: o.Checks}
	s, err := NewServer(o.Options)
	if err != nil {
		d.add(CheckServer, Problem, lang.T("Server"), lang.FromError(err))
		return d.Diagnosis
	}
	d.s = s
	nextcloud, ok := d.checkServer(ctx)
	if !ok {
		return d.Diagnosis
	}
	if !d.checkLogin(ctx, nextcloud) {
		if d.wants(CheckCapabilities) && nextcloud {
			d.checkCapabilities(ctx, d.s.anon) // public
		}
		return d.Diagnosis
	}
	if nextcloud && d.wants(CheckCapabilities) {
		d.checkCapabilities(ctx, d.s.auth)
	}
	if nextcloud && d.wants(CheckPhotos) {
		d.checkPhotos(ctx)
	}
	if d.wants(CheckCalendars) {
		d.checkCalendars(ctx)
	}
	if d.wants(CheckQuota) {
		d.checkQuota()
	}
	return d.Diagnosis
}

// checkServer reads status.php. ok is false when nothing else can be
// checked; nextcloud is false when the address is not a Nextcloud's.
func (d *diagnosis) checkServer(ctx context.Context) (nextcloud, ok bool) {
	st, err := d.s.Status(ctx)
	if err != nil && st == nil && !IsUnavailable(err) {
		if errors.Is(err, ErrMaintenance) {
			d.add(CheckStatus, Problem, lang.T("Maintenance"), lang.FromError(ErrMaintenance))
			return true, false
		}
		if isThrottled(err) {
			d.add(CheckServer, Problem, lang.T("Server"), lang.FromError(err))
			return false, false
		}
		d.add(CheckServer, Problem, lang.T("Server"), explainConnection(err, d.s.base))
		return false, false
	}
	var ue *UnavailableError
	if errors.As(err, &ue) && ue.ServerError() {
		d.add(CheckServer, Problem, lang.T("Server"), lang.T("%s answers, but with an error (%v): the server, or a proxy in front of it, "+
			"is in trouble. Try again later, or tell the administrator", d.s.base, ue.Answer))
		return false, false
	}
	d.add(CheckServer, d.encryptionLevel(), lang.T("Server"), d.reachDetail())
	if IsUnavailable(err) {
		d.add(CheckStatus, Warning, lang.T("Nextcloud"), lang.T("this address does not answer like a Nextcloud (%v). "+
			"Nextcloud's own checks are skipped; for another CalDAV, CardDAV or WebDAV server use --caldav, --carddav or --webdav", err))
		return false, true
	}
	d.Status = st
	switch {
	case errors.Is(err, ErrMaintenance):
		d.add(CheckStatus, Problem, lang.T("Maintenance"), lang.T("%s is in maintenance mode: its administrator is updating or repairing it. "+
			"Nothing can be imported now; try again when they have finished", st.Name()))
		return true, false
	case err != nil:
		d.add(CheckStatus, Problem, lang.T("Nextcloud"), lang.T("%s: %v", st.Name(), err))
		return true, false
	}
	d.add(CheckStatus, OK, lang.T("Nextcloud"), lang.T("%s, not in maintenance mode", st.Name()))
	return true, true
}

// encryptionLevel is OK for https and for this computer, else Warning.
func (d *diagnosis) encryptionLevel() Level {
	u, _ := url.Parse(d.s.base)
	if u.Scheme == "https" || isLoopback(u.Hostname()) {
		return OK
	}
	return Warning
}

func (d *diagnosis) reachDetail() lang.Text {
	u, _ := url.Parse(d.s.base)
	switch {
	case u.Scheme == "https" && d.o.Insecure:
		return lang.T("%s answers, over an encrypted connection whose certificate is NOT checked (--insecure)", d.s.base)
	case u.Scheme == "https":
		return lang.T("%s answers, over an encrypted connection with a valid certificate", d.s.base)
	case isLoopback(u.Hostname()):
		return lang.T("%s answers (on this computer, so not encrypted)", d.s.base)
	}
	return lang.T("%s answers, but the connection is NOT encrypted (http://): your password and files travel "+
		"readable by anyone on the way. Use the https:// address if the server has one", d.s.base)
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkLogin checks the credentials; false when they do not work, so that
// the checks needing them are skipped.
func (d *diagnosis) checkLogin(ctx context.Context, nextcloud bool) bool {
	if d.s.user == "" {
		d.add(CheckLogin, Problem, lang.T("Login"), lang.T("no login given: run takeback login --server %s "+
			"(or give --user, with the password in TAKEBACK_PASSWORD or --password-file)", d.s.base))
		return false
	}
	u, err := d.s.CurrentUser(ctx)
	if IsUnavailable(err) && !nextcloud {
		// Not a Nextcloud: a DAV request tells whether the login works.
		_, err = principalAt(ctx, d.s.auth, d.s.base+"/")
		if err == nil {
			d.add(CheckLogin, OK, lang.T("Login"), lang.T("the server accepts the login of %q", d.s.user))
			return true
		}
	}
	var ae *AuthError
	switch {
	case err == nil:
		d.User = u
		if u.DisplayName == "" || u.DisplayName == u.ID {
			d.add(CheckLogin, OK, lang.T("Login"), lang.T("logged in as %s", u.ID))
		} else {
			d.add(CheckLogin, OK, lang.T("Login"), lang.T("logged in as %s (user ID %s)", u.DisplayName, u.ID))
		}
		return true
	case errors.As(err, &ae):
		d.add(CheckLogin, Problem, lang.T("Login"), lang.T("the server refused the login name %q or its password. takeback tried once and "+
			"does not try again, so the server's protection against password guessing does not lock you out. Log in again "+
			"(takeback login), or with two-factor authentication use an app password (Personal settings → Security)", d.s.user))
	case isThrottled(err):
		d.add(CheckLogin, Problem, lang.T("Login"), lang.FromError(err))
	case IsUnavailable(err):
		d.add(CheckLogin, Warning, lang.T("Login"), lang.T("could not check the login: %v", err))
		return true
	default:
		d.add(CheckLogin, Warning, lang.T("Login"), lang.T("could not check the login: %v", err))
		return !importers.IsFatal(err)
	}
	return false
}

func (d *diagnosis) checkCapabilities(ctx context.Context, client *Client) {
	c, err := d.s.capabilities(ctx, client)
	if err != nil {
		d.add(CheckCapabilities, Warning, lang.T("Capabilities"), lang.T("could not read what the server supports (%v); "+
			"takeback uses safe defaults: chunked uploads above %v, Nextcloud's usual file-name rules", err, lang.Size(DefaultChunkMaxSize)))
		return
	}
	d.Capabilities = c
	if c.Chunking != "" {
		var guessed, parallel lang.Text
		if !c.ChunkMaxSizeAdvertised {
			guessed = lang.T(" (Nextcloud's default; the server does not say)")
		}
		if c.ChunkMaxParallel > 0 {
			parallel = lang.T(", at most %d pieces at once", c.ChunkMaxParallel)
		}
		d.add(CheckCapabilities, OK, lang.T("Uploads"), lang.T("chunked uploads (version %s): files larger than %v go up in pieces%v%v",
			c.Chunking, lang.Size(c.ChunkMaxSize), guessed, parallel))
	} else {
		d.add(CheckCapabilities, Warning, lang.T("Uploads"), lang.T("the server does not announce chunked uploads: every file goes up in one "+
			"piece, and web servers often refuse very large ones (for example above 1 GiB)"))
	}
	n := c.Names
	if len(n.Names)+len(n.Basenames)+len(n.Characters)+len(n.Extensions) == 0 {
		d.add(CheckCapabilities, OK, lang.T("File names"), lang.T("the server publishes no extra file-name rules; takeback applies Nextcloud's usual ones"))
		return
	}
	var rules lang.Text
	add := func(t lang.Text) {
		if rules.IsZero() {
			rules = t
		} else {
			rules = lang.T("%v, %v", rules, t)
		}
	}
	if len(n.Characters) > 0 {
		add(lang.T("the characters %v", quoteList(n.Characters)))
	}
	if len(n.Extensions) > 0 {
		add(lang.T("names ending in %v", quoteList(n.Extensions)))
	}
	if len(n.Names) > 0 {
		add(lang.T("the names %v", quoteList(n.Names)))
	}
	if len(n.Basenames) > 0 {
		add(lang.T("the base names %v", quoteList(n.Basenames)))
	}
	d.add(CheckCapabilities, OK, lang.T("File names"), lang.T("the server forbids %v; takeback renames such files and reports each rename", rules))
}

// quoteList quotes the first dozen of l, and says how many more there are.
func quoteList(l []string) lang.Text {
	const shown = 12
	q := make([]string, 0, min(len(l), shown))
	for _, s := range l[:min(len(l), shown)] {
		q = append(q, strconv.Quote(s))
	}
	if len(l) > shown {
		return lang.T("%s and %d more", strings.Join(q, " "), len(l)-shown)
	}
	return serverWords(strings.Join(q, " "))
}

func (d *diagnosis) checkPhotos(ctx context.Context) {
	if len(d.o.PhotosDirs) == 0 {
		return
	}
	sources, err := d.s.PhotosSourceFolders(ctx)
	if err != nil {
		d.add(CheckPhotos, Warning, lang.T("Photos timeline"), lang.T("could not read the Photos app's timeline folders (%v). By default "+
			"the timeline shows only /Photos; photos elsewhere are stored but do not appear there", err))
		return
	}
	for _, dir := range d.o.PhotosDirs {
		if src, ok := InTimeline(dir, sources); ok {
			d.add(CheckPhotos, OK, lang.T("Photos timeline"), lang.T("%q is inside %q, which the Photos timeline shows", dir, src))
			continue
		}
		d.add(CheckPhotos, Warning, lang.T("Photos timeline"), lang.T("%q is not among the folders the Photos timeline shows (%s): "+
			"the photos will be in your files, but not in the timeline until you add the folder in Photos → Settings, "+
			"or choose a folder under one of those with --photos-dir", dir, strings.Join(sources, ", ")))
	}
}

func (d *diagnosis) checkCalendars(ctx context.Context) {
	o := d.o.Options // the same login and transport, TLS settings included
	o.CalDAV, o.CardDAV, o.WebDAV, o.UserID = "", "", "", d.userID()
	e, err := Discover(ctx, o)
	if err != nil {
		d.add(CheckCalendars, Warning, lang.T("Calendars"), lang.T("could not find your calendars and address books to count them: %v", err))
		return
	}
	d.countLimit(ctx, calendarLimit, e.CalendarHome, e.CalDAVError, d.s.auth.CountCalendars)
	d.countLimit(ctx, addressBookLimit, e.AddressBookHome, e.CardDAVError, d.s.auth.CountAddressBooks)
}

func (d *diagnosis) userID() string {
	if d.User != nil {
		return d.User.ID
	}
	return ""
}

// collectionLimit is what countLimit says of calendars, or of address
// books: the counts are in the sentences, for their plurals.
type collectionLimit struct {
	limit   int
	title   lang.Text
	missing func(why error) lang.Text
	failed  func(err error) lang.Text
	// full, close and fine say how many the user has (n) against the
	// limit; rate tells Nextcloud's limits.
	full, close, fine func(n int, rate lang.Text) lang.Text
}

var calendarLimit = collectionLimit{
	limit: MaxCalendars,
	title: lang.T("Calendars"),
	missing: func(why error) lang.Text {
		return lang.T("not found on this server, so calendars cannot be imported (%v)", why)
	},
	failed: func(err error) lang.Text { return lang.T("could not count your calendars: %v", err) },
	full: func(n int, rate lang.Text) lang.Text {
		return lang.T("you have %d calendars: no new one can be created. %v. Delete some, or ask the administrator", n, rate)
	},
	close: func(n int, rate lang.Text) lang.Text {
		return lang.T("you have %d calendars, close to the limit. %v", n, rate)
	},
	fine: func(n int, rate lang.Text) lang.Text { return lang.T("you have %d calendars. %v", n, rate) },
}

var addressBookLimit = collectionLimit{
	limit: MaxAddressBooks,
	title: lang.T("Address books"),
	missing: func(why error) lang.Text {
		return lang.T("not found on this server, so address books cannot be imported (%v)", why)
	},
	failed: func(err error) lang.Text { return lang.T("could not count your address books: %v", err) },
	full: func(n int, rate lang.Text) lang.Text {
		return lang.T("you have %d address books: no new one can be created. %v. Delete some, or ask the administrator", n, rate)
	},
	close: func(n int, rate lang.Text) lang.Text {
		return lang.T("you have %d address books, close to the limit. %v", n, rate)
	},
	fine: func(n int, rate lang.Text) lang.Text { return lang.T("you have %d address books. %v", n, rate) },
}

func (d *diagnosis) countLimit(ctx context.Context, l collectionLimit, home string, why error,
	count func(context.Context, string) (int, error)) {
	title := l.title
	if home == "" {
		d.add(CheckCalendars, Warning, title, l.missing(why))
		return
	}
	n, err := count(ctx, home)
	if err != nil {
		d.add(CheckCalendars, Warning, title, l.failed(err))
		return
	}
	rate := lang.T("Nextcloud allows %d of them per user (unless the administrator changed it) and at most %d new ones an hour; "+
		"takeback creates one per Google calendar or address book", l.limit, CreationsPerHour)
	switch {
	case n >= l.limit:
		d.add(CheckCalendars, Problem, title, l.full(n, rate))
	case n >= l.limit*4/5:
		d.add(CheckCalendars, Warning, title, l.close(n, rate))
	default:
		d.add(CheckCalendars, OK, title, l.fine(n, rate))
	}
}

func (d *diagnosis) checkQuota() {
	title := lang.T("Free space")
	if d.User == nil {
		d.add(CheckQuota, Warning, title, lang.T("unknown: the server did not say"))
		return
	}
	q := d.User.Quota
	var need lang.Text
	switch {
	case d.o.Need >= 0 && !d.o.NeedWhat.IsZero():
		need = lang.T("the import needs %v (%v)", lang.Size(d.o.Need), d.o.NeedWhat)
	case d.o.Need >= 0:
		need = lang.T("the import needs %v", lang.Size(d.o.Need))
	}
	free := lang.T("%v free", lang.Size(q.Free))
	if q.Total > 0 && q.Limit >= 0 {
		free = lang.T("%v free of %v", lang.Size(q.Free), lang.Size(q.Total))
	}
	switch {
	case !q.Known || (!q.FreeKnown() && !q.Unlimited()):
		d.add(CheckQuota, Warning, title, lang.Join(lang.T("unknown: the server did not say how much space is free"), need))
	case q.FreeKnown() && d.o.Need >= 0 && d.o.Need > q.Free:
		d.add(CheckQuota, Problem, title, lang.T("%v, but %v. Free some space or ask the administrator for more, "+
			"then try again", free, need))
	case q.FreeKnown():
		d.add(CheckQuota, OK, title, lang.Join(free, need))
	default:
		d.add(CheckQuota, OK, title, lang.Join(lang.T("no storage limit"), need))
	}
}

// explainConnection says in plain words why the server could not be
// reached at base.
func explainConnection(err error, base string) lang.Text {
	u, _ := url.Parse(base)
	host := u.Hostname()
	var (
		unknownCA x509.UnknownAuthorityError
		hostname  x509.HostnameError
		invalid   x509.CertificateInvalidError
		record    tls.RecordHeaderError
		dns       *net.DNSError
		nerr      net.Error
	)
	switch {
	case errors.As(err, &unknownCA):
		return lang.T("the certificate of %s is not signed by an authority this computer trusts (a self-signed certificate?), "+
			"so the connection could be intercepted. Ask the administrator for a certificate from a known authority (Let's Encrypt), "+
			"or install theirs on this computer", host)
	case errors.As(err, &hostname):
		return lang.T("the certificate of the server is for another name, not %s: check the address, or ask the administrator "+
			"(%v)", host, hostname.Error())
	case errors.As(err, &invalid):
		if invalid.Reason == x509.Expired {
			return lang.T("the certificate of %s has expired or is not valid yet: check this computer's date and time, "+
				"or ask the administrator to renew it", host)
		}
		return lang.T("the certificate of %s is not valid (%v)", host, invalid.Error())
	case errors.As(err, &record), strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return lang.T("%s does not speak https:// on this port: check the address (http:// only on your own network)", u.Host)
	case errors.As(err, &dns):
		return lang.T("the name %s is unknown: check the spelling of the address, and this computer's internet connection", host)
	case errors.Is(err, syscall.ECONNREFUSED):
		return lang.T("nothing answers at %s: the server is off, or the address or port is wrong", u.Host)
	case errors.As(err, &nerr) && nerr.Timeout():
		return lang.T("%s did not answer in time: it may be off or overloaded, or a firewall is in the way", u.Host)
	}
	return lang.T("cannot reach %s: %v", base, err)
}
