package google

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/takeback/takeback/internal/contentline"
	"github.com/takeback/takeback/internal/lang"
)

// ContactsFile is one .vcf as found in the archive.
type ContactsFile struct {
	Source string // "takeout.zip!Takeout/Contacts/Friends/Friends.vcf", used in warnings
	Label  string // the label folder's name as found (localized), informational only
	Data   []byte
}

// ContactCard is one person, ready to PUT.
type ContactCard struct {
	UID        string
	Name       string      // the FN
	Source     string      // the first file it was found in
	Data       []byte      // vCard 3.0, CRLF, folded at 75 octets
	Notes      []lang.Text // what was changed that the user should know
	Skip       lang.Text   // why the card cannot be imported (e.g. larger than 5 MiB); zero when it can
	Categories []string    // the merged CATEGORIES, unescaped
	// Merged counts the other files (label folders) the same person was
	// found in and merged from: 0 when found in one file only.
	Merged int
}

// ContactWarning is a problem with a file, or with a card that was dropped.
type ContactWarning struct {
	Source  string
	Message lang.Text
	// Card is the number, in its file, of a damaged card that could not
	// be read at all: it is lost, so it is reported as failed. 0 when the
	// warning is about the file, or about a card with nothing in it.
	Card int
}

const (
	maxContactsFile = 64 << 20
	maxContactCard  = 5 << 20 // Nextcloud's dav card_size_limit (nextcloud-api.md §7)
	contactNoName   = "(no name)"
)

// contact is one person while the files are read.
type contact struct {
	card  ContactCard
	lines []vcLine        // in order, without VERSION and UID; the first CATEGORIES line marks where the merged list goes
	cats  []string        // unescaped, in first-seen order
	seen  map[string]bool // categories, unescaped
	noted map[string]bool // notes given, in English
	uid   string          // as found, "" if none
	key   string          // normalised content, the same for the same person in every label folder
	from  string          // the last file a copy was found in; files are read one after another
}

// MergeContacts reads every card of every file and returns each person
// once, in order of first appearance. The same person is in every label
// folder it belongs to (google-takeout.md §4.1): cards with the same content
// apart from CATEGORIES, UID, REV and PRODID are merged, their categories
// united.
func MergeContacts(files []ContactsFile) ([]ContactCard, []ContactWarning) {
	var warnings []ContactWarning
	var all []*contact
	byKey := map[string]*contact{}
	for _, f := range files {
		if len(f.Data) > maxContactsFile {
			warnings = append(warnings, ContactWarning{Source: f.Source, Message: lang.T("the file is larger than %s: skipped", lang.Size(maxContactsFile))})
			continue
		}
		cards, stray := vcSplitCards(f.Data)
		for _, vc := range cards {
			if !vc.broken.IsZero() {
				warnings = append(warnings, ContactWarning{Source: f.Source, Card: vc.number,
					Message: lang.T("card %s: %s: the card is damaged and cannot be read", strconv.Itoa(vc.number), vc.broken)})
				continue
			}
			c, err := readContact(vc)
			if err != nil {
				warnings = append(warnings, ContactWarning{Source: f.Source, Message: lang.FromError(err)})
				continue
			}
			if prev := byKey[c.key]; prev != nil {
				prev.merge(c)
				if prev.from != f.Source {
					prev.from = f.Source
					prev.card.Merged++
				}
				continue
			}
			c.card.Source, c.from = f.Source, f.Source
			byKey[c.key] = c
			all = append(all, c)
		}
		if stray > 0 {
			warnings = append(warnings, ContactWarning{Source: f.Source, Message: lang.T("%d lines outside BEGIN:VCARD … END:VCARD ignored", stray)})
		}
	}
	assignContactUIDs(all)
	out := make([]ContactCard, len(all))
	for i, c := range all {
		out[i] = c.render()
	}
	return out, warnings
}

func readContact(vc vcCard) (*contact, error) {
	c := &contact{seen: map[string]bool{}, noted: map[string]bool{}}
	for _, n := range vc.notes {
		c.note(n)
	}
	version := ""
	for _, l := range vc.lines {
		if l.prop == "VERSION" {
			version = strings.TrimSpace(l.value)
			break
		}
	}
	if version != "" && version != "2.1" && version != "3.0" {
		c.note(lang.T("vCard version %q read as 3.0", vcShorten(version)))
	}
	hasCats := false
	for _, l := range vc.lines {
		if l.prop == "VERSION" {
			continue
		}
		notes, err := vcConvert(&l, version == "2.1")
		for _, n := range notes {
			c.note(n)
		}
		if err != nil {
			c.note(lang.T("%s dropped: %v", l.name, err))
			continue
		}
		switch l.prop {
		case "UID":
			uid := strings.TrimSpace(l.value)
			switch {
			case c.uid == "":
				c.uid = uid
			case uid != "" && uid != c.uid:
				c.note(lang.T("more than one UID: kept %q", vcShorten(c.uid)))
			}
			continue
		case "CATEGORIES":
			c.addCategories(l.value)
			if hasCats {
				continue
			}
			hasCats = true
		case "PHOTO":
			if drop, note := photoLink(l); drop {
				c.note(note)
				continue
			}
		}
		c.lines = append(c.lines, l)
	}
	c.key = contactKey(c.lines)
	if c.key == "" {
		return nil, lang.Errorf("card %s: no contact data: skipped", strconv.Itoa(vc.number))
	}
	c.fixFN()
	return c, nil
}

func (c *contact) note(n lang.Text) {
	if key := n.String(); !n.IsZero() && !c.noted[key] {
		c.noted[key] = true
		c.card.Notes = append(c.card.Notes, n)
	}
}

// addCategories adds the items of one CATEGORIES value, split on unescaped
// commas, without Google's system group myContacts (google-takeout.md §4.1).
func (c *contact) addCategories(v string) {
	for _, item := range vcSplit(v, ',') {
		u := strings.TrimSpace(contentline.UnescapeText(item))
		if u == "" || strings.EqualFold(u, "myContacts") || c.seen[u] {
			continue
		}
		c.seen[u] = true
		c.cats = append(c.cats, u)
	}
}

func (c *contact) merge(o *contact) {
	for _, u := range o.cats {
		if !c.seen[u] {
			c.seen[u] = true
			c.cats = append(c.cats, u)
		}
	}
	switch {
	case c.uid == "":
		c.uid = o.uid
	case o.uid != "" && o.uid != c.uid:
		c.note(lang.T("an identical card with UID %q was merged into this one", vcShorten(o.uid)))
	}
}

// photoLink tells whether a PHOTO is a link rather than an embedded image.
// Google's bare https URL cannot be fetched offline and Nextcloud does not
// fetch it either (google-takeout.md §4.2, nextcloud-api.md §7).
func photoLink(l vcLine) (bool, lang.Text) {
	if vcEncoding(l) == "B" {
		return false, lang.Text{}
	}
	v := strings.ToLower(strings.TrimSpace(contentline.UnescapeText(l.value)))
	switch {
	case v == "":
		return true, lang.Text{}
	case !strings.HasPrefix(v, "http://") && !strings.HasPrefix(v, "https://"):
		return false, lang.Text{}
	case strings.Contains(v, "googleusercontent.com/") || strings.Contains(v, ".google.com/"):
		return true, lang.T("Google photo link dropped: it cannot be fetched offline")
	}
	return true, lang.T("photo link dropped: it cannot be fetched offline")
}

// contactKey is the card's lines minus CATEGORIES, REV and PRODID (UID and
// VERSION are gone already), names lower-cased, trailing blanks trimmed,
// sorted.
func contactKey(lines []vcLine) string {
	var ks []string
	for _, l := range lines {
		switch l.prop {
		case "CATEGORIES", "REV", "PRODID":
			continue
		}
		s := l.String()
		n := len(l.name)
		if l.group != "" {
			n += len(l.group) + 1
		}
		ks = append(ks, strings.ToLower(s[:n])+strings.TrimRight(s[n:], " \t"))
	}
	sort.Strings(ks)
	return strings.Join(ks, "\n")
}

// fixFN leaves exactly one FN, which Nextcloud requires (nextcloud-api.md
// §7): the first non-empty one, or one derived as the server would.
func (c *contact) fixFN() {
	kept := -1
	var extra []string
	lines := c.lines[:0]
	for _, l := range c.lines {
		if l.prop == "FN" {
			name := strings.TrimSpace(contentline.UnescapeText(l.value))
			if name == "" {
				continue
			}
			if kept >= 0 {
				extra = append(extra, name)
				continue
			}
			kept = len(lines)
		}
		lines = append(lines, l)
	}
	c.lines = lines
	if kept >= 0 {
		fn := &c.lines[kept]
		if !goVcardSafe(fn.params) {
			fn.params, fn.edited = nil, true
		}
		c.card.Name = strings.TrimSpace(contentline.UnescapeText(fn.value))
		if len(extra) > 0 {
			c.note(lang.T("several display names (FN): kept %q, dropped %q", c.card.Name, extra))
		}
		return
	}
	name, from := deriveContactName(c.lines)
	if name == "" {
		name = contactNoName
		c.note(lang.T("no display name (FN) and nothing to make one from: set to %q", contactNoName))
	} else {
		c.note(lang.T("no display name (FN): made %q from %s", name, from))
	}
	c.card.Name = name
	fn := vcLine{name: "FN", prop: "FN", value: vcEscape(name), edited: true}
	c.lines = append([]vcLine{fn}, c.lines...)
}

// deriveContactName follows the server's order: N, ORG, NICKNAME, EMAIL.
func deriveContactName(lines []vcLine) (string, string) {
	for _, prop := range []string{"N", "ORG", "NICKNAME", "EMAIL"} {
		for _, l := range lines {
			if l.prop != prop {
				continue
			}
			var name string
			switch prop {
			case "N":
				name = nameFromN(l.value)
			case "ORG":
				name = contentline.UnescapeText(vcSplit(l.value, ';')[0])
			case "NICKNAME":
				name = contentline.UnescapeText(vcSplit(l.value, ',')[0])
			default:
				name = contentline.UnescapeText(l.value)
			}
			if name = strings.Join(strings.Fields(name), " "); name != "" {
				return name, prop
			}
		}
	}
	return "", ""
}

// nameFromN turns N:Family;Given;Middle;Prefix;Suffix into
// "Prefix Given Middle Family Suffix".
func nameFromN(v string) string {
	parts := vcSplit(v, ';')
	var words []string
	for _, i := range []int{3, 1, 2, 0, 4} {
		if i < len(parts) {
			for _, w := range vcSplit(parts[i], ',') {
				words = append(words, contentline.UnescapeText(w))
			}
		}
	}
	return strings.Join(words, " ")
}

// assignContactUIDs keeps each card's UID, or derives one from its content so that
// a re-run gives the same UID and so the same resource name
// (google-takeout.md §4.3). A UID already taken by another card is replaced.
func assignContactUIDs(all []*contact) {
	used := map[string]bool{}
	for _, c := range all {
		uid := c.uid
		if uid == "" || used[uid] {
			derived := derivedContactUID(c.key, used)
			if uid != "" {
				c.note(lang.T("UID %q is also used by a different card: replaced by %q", vcShorten(uid), derived))
			}
			uid = derived
		}
		used[uid] = true
		c.card.UID = uid
	}
}

func derivedContactUID(key string, used map[string]bool) string {
	for n := 0; ; n++ {
		s := key
		if n > 0 {
			s = fmt.Sprintf("%s\n#%d", key, n) //lang:data
		}
		sum := sha256.Sum256([]byte(s))
		if uid := "takeback-" + hex.EncodeToString(sum[:16]); !used[uid] {
			return uid
		}
	}
}

// render writes the card: BEGIN, VERSION:3.0, the lines in their order with
// the merged CATEGORIES in place of the first one, UID, END.
func (c *contact) render() ContactCard {
	card := c.card
	card.Categories = c.cats
	cats := ""
	if len(c.cats) > 0 {
		escaped := make([]string, len(c.cats))
		for i, u := range c.cats {
			escaped[i] = vcEscape(u)
		}
		cats = "CATEGORIES:" + strings.Join(escaped, ",")
	}
	var b bytes.Buffer
	contentline.Fold(&b, "BEGIN:VCARD")
	contentline.Fold(&b, "VERSION:3.0")
	for _, l := range c.lines {
		if l.prop != "CATEGORIES" {
			contentline.Fold(&b, l.String())
			continue
		}
		if cats != "" {
			contentline.Fold(&b, cats)
			cats = ""
		}
	}
	if cats != "" {
		contentline.Fold(&b, cats)
	}
	contentline.Fold(&b, "UID:"+card.UID)
	contentline.Fold(&b, "END:VCARD")
	card.Data = b.Bytes()
	if len(card.Data) > maxContactCard {
		card.Skip = lang.T("the card is %s, more than the %s Nextcloud accepts", lang.Size(int64(len(card.Data))), lang.Size(maxContactCard))
	}
	return card
}
