package nextcloud

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"syscall"

	"github.com/takeback/takeback/importers"
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

// Finding is one line of a diagnosis.
type Finding struct {
	Check  Check
	Level  Level
	Title  string // a few words: "Login", "Free space"
	Detail string // one or two sentences
}

func (f Finding) String() string {
	return fmt.Sprintf("%-8s %s: %s", f.Level, f.Title, f.Detail)
}

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
	NeedWhat string
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

func (d *diagnosis) add(c Check, l Level, title, format string, args ...any) {
	detail := fmt.Sprintf(format, args...)
	if p := d.o.Password; len(p) >= 4 {
		detail = strings.ReplaceAll(detail, p, "[redacted]") // a second line of defence
	}
	d.Findings = append(d.Findings, Finding{Check: c, Level: l, Title: title, Detail: detail})
}

func (d *diagnosis) wants(c Check) bool { return d.checks == nil || containsCheck(d.checks, c) }

// Diagnose runs the checks. It never fails: what goes wrong is a finding.
func Diagnose(ctx context.Context, o DiagnoseOptions) *Diagnosis {
	d := &diagnosis{Diagnosis: &Diagnosis{}, o: o, checks: o.Checks}
	s, err := NewServer(o.Options)
	if err != nil {
		d.add(CheckServer, Problem, "Server", "%s", err.Error())
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
			d.add(CheckStatus, Problem, "Maintenance", "%s", ErrMaintenance.Error())
			return true, false
		}
		if isThrottled(err) {
			d.add(CheckServer, Problem, "Server", "%s", err.Error())
			return false, false
		}
		d.add(CheckServer, Problem, "Server", "%s", explainConnection(err, d.s.base))
		return false, false
	}
	var ue *UnavailableError
	if errors.As(err, &ue) && ue.ServerError() {
		d.add(CheckServer, Problem, "Server", "%s answers, but with an error (%s): the server, or a proxy in front of it, "+
			"is in trouble. Try again later, or tell the administrator", d.s.base, ue.Answer)
		return false, false
	}
	d.add(CheckServer, d.encryptionLevel(), "Server", "%s", d.reachDetail())
	if IsUnavailable(err) {
		d.add(CheckStatus, Warning, "Nextcloud", "this address does not answer like a Nextcloud (%v). "+
			"Nextcloud's own checks are skipped; for another CalDAV, CardDAV or WebDAV server use --caldav, --carddav or --webdav", err)
		return false, true
	}
	d.Status = st
	switch {
	case errors.Is(err, ErrMaintenance):
		d.add(CheckStatus, Problem, "Maintenance", "%s is in maintenance mode: its administrator is updating or repairing it. "+
			"Nothing can be imported now; try again when they have finished", st.Name())
		return true, false
	case err != nil:
		d.add(CheckStatus, Problem, "Nextcloud", "%s: %v", st.Name(), err)
		return true, false
	}
	d.add(CheckStatus, OK, "Nextcloud", "%s, not in maintenance mode", st.Name())
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

func (d *diagnosis) reachDetail() string {
	u, _ := url.Parse(d.s.base)
	switch {
	case u.Scheme == "https" && d.o.Insecure:
		return fmt.Sprintf("%s answers, over an encrypted connection whose certificate is NOT checked (--insecure)", d.s.base)
	case u.Scheme == "https":
		return fmt.Sprintf("%s answers, over an encrypted connection with a valid certificate", d.s.base)
	case isLoopback(u.Hostname()):
		return fmt.Sprintf("%s answers (on this computer, so not encrypted)", d.s.base)
	}
	return fmt.Sprintf("%s answers, but the connection is NOT encrypted (http://): your password and files travel "+
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
		d.add(CheckLogin, Problem, "Login", "no login given: run takeback login --server %s "+
			"(or give --user, with the password in TAKEBACK_PASSWORD or --password-file)", d.s.base)
		return false
	}
	u, err := d.s.CurrentUser(ctx)
	if IsUnavailable(err) && !nextcloud {
		// Not a Nextcloud: a DAV request tells whether the login works.
		_, err = principalAt(ctx, d.s.auth, d.s.base+"/")
		if err == nil {
			d.add(CheckLogin, OK, "Login", "the server accepts the login of %q", d.s.user)
			return true
		}
	}
	var ae *AuthError
	switch {
	case err == nil:
		d.User = u
		who := u.DisplayName
		if who == "" || who == u.ID {
			who = u.ID
		} else {
			who = fmt.Sprintf("%s (user ID %s)", who, u.ID)
		}
		d.add(CheckLogin, OK, "Login", "logged in as %s", who)
		return true
	case errors.As(err, &ae):
		d.add(CheckLogin, Problem, "Login", "the server refused the login name %q or its password. takeback tried once and "+
			"does not try again, so the server's protection against password guessing does not lock you out. Log in again "+
			"(takeback login), or with two-factor authentication use an app password (Personal settings → Security)", d.s.user)
	case isThrottled(err):
		d.add(CheckLogin, Problem, "Login", "%v", err)
	case IsUnavailable(err):
		d.add(CheckLogin, Warning, "Login", "could not check the login: %v", err)
		return true
	default:
		d.add(CheckLogin, Warning, "Login", "could not check the login: %v", err)
		return !importers.IsFatal(err)
	}
	return false
}

func (d *diagnosis) checkCapabilities(ctx context.Context, client *Client) {
	c, err := d.s.capabilities(ctx, client)
	if err != nil {
		d.add(CheckCapabilities, Warning, "Capabilities", "could not read what the server supports (%v); "+
			"takeback uses safe defaults: chunked uploads above %s, Nextcloud's usual file-name rules", err, FormatBytes(DefaultChunkMaxSize))
		return
	}
	d.Capabilities = c
	var b strings.Builder
	if c.Chunking != "" {
		fmt.Fprintf(&b, "chunked uploads (version %s): files larger than %s go up in pieces", c.Chunking, FormatBytes(c.ChunkMaxSize))
		if !c.ChunkMaxSizeAdvertised {
			b.WriteString(" (Nextcloud's default; the server does not say)")
		}
		if c.ChunkMaxParallel > 0 {
			fmt.Fprintf(&b, ", at most %d pieces at once", c.ChunkMaxParallel)
		}
		d.add(CheckCapabilities, OK, "Uploads", "%s", b.String())
	} else {
		d.add(CheckCapabilities, Warning, "Uploads", "the server does not announce chunked uploads: every file goes up in one "+
			"piece, and web servers often refuse very large ones (for example above 1 GiB)")
	}
	n := c.Names
	if len(n.Names)+len(n.Basenames)+len(n.Characters)+len(n.Extensions) == 0 {
		d.add(CheckCapabilities, OK, "File names", "the server publishes no extra file-name rules; takeback applies Nextcloud's usual ones")
		return
	}
	var rules []string
	if len(n.Characters) > 0 {
		rules = append(rules, "the characters "+quoteList(n.Characters))
	}
	if len(n.Extensions) > 0 {
		rules = append(rules, "names ending in "+quoteList(n.Extensions))
	}
	if len(n.Names) > 0 {
		rules = append(rules, "the names "+quoteList(n.Names))
	}
	if len(n.Basenames) > 0 {
		rules = append(rules, "the base names "+quoteList(n.Basenames))
	}
	d.add(CheckCapabilities, OK, "File names", "the server forbids %s; takeback renames such files and reports each rename",
		strings.Join(rules, ", "))
}

func quoteList(l []string) string {
	q := make([]string, len(l))
	for i, s := range l {
		q[i] = fmt.Sprintf("%q", s)
	}
	if len(q) > 12 {
		q = append(q[:12], fmt.Sprintf("and %d more", len(l)-12))
	}
	return strings.Join(q, " ")
}

func (d *diagnosis) checkPhotos(ctx context.Context) {
	if len(d.o.PhotosDirs) == 0 {
		return
	}
	sources, err := d.s.PhotosSourceFolders(ctx)
	if err != nil {
		d.add(CheckPhotos, Warning, "Photos timeline", "could not read the Photos app's timeline folders (%v). By default "+
			"the timeline shows only /Photos; photos elsewhere are stored but do not appear there", err)
		return
	}
	for _, dir := range d.o.PhotosDirs {
		if src, ok := InTimeline(dir, sources); ok {
			d.add(CheckPhotos, OK, "Photos timeline", "%q is inside %q, which the Photos timeline shows", dir, src)
			continue
		}
		d.add(CheckPhotos, Warning, "Photos timeline", "%q is not among the folders the Photos timeline shows (%s): "+
			"the photos will be in your files, but not in the timeline until you add the folder in Photos → Settings, "+
			"or choose a folder under one of those with --photos-dir", dir, strings.Join(sources, ", "))
	}
}

func (d *diagnosis) checkCalendars(ctx context.Context) {
	o := d.o.Options // the same login and transport, TLS settings included
	o.CalDAV, o.CardDAV, o.WebDAV, o.UserID = "", "", "", d.userID()
	e, err := Discover(ctx, o)
	if err != nil {
		d.add(CheckCalendars, Warning, "Calendars", "could not find your calendars and address books to count them: %v", err)
		return
	}
	d.countLimit(ctx, "Calendars", "calendars", e.CalendarHome, e.CalDAVError, MaxCalendars, d.s.auth.CountCalendars)
	d.countLimit(ctx, "Address books", "address books", e.AddressBookHome, e.CardDAVError, MaxAddressBooks, d.s.auth.CountAddressBooks)
}

func (d *diagnosis) userID() string {
	if d.User != nil {
		return d.User.ID
	}
	return ""
}

func (d *diagnosis) countLimit(ctx context.Context, title, noun, home string, why error, limit int,
	count func(context.Context, string) (int, error)) {
	if home == "" {
		d.add(CheckCalendars, Warning, title, "not found on this server, so %s cannot be imported (%s)", noun, shorten(fmt.Sprint(why), 160))
		return
	}
	n, err := count(ctx, home)
	if err != nil {
		d.add(CheckCalendars, Warning, title, "could not count your %s: %v", noun, err)
		return
	}
	rate := fmt.Sprintf("Nextcloud allows %d %s per user (unless the administrator changed it) and at most %d new ones an hour; "+
		"takeback creates one per Google calendar or address book", limit, noun, CreationsPerHour)
	switch {
	case n >= limit:
		d.add(CheckCalendars, Problem, title, "you have %d %s: no new one can be created. %s. Delete some, or ask the administrator", n, noun, rate)
	case n >= limit*4/5:
		d.add(CheckCalendars, Warning, title, "you have %d %s, close to the limit. %s", n, noun, rate)
	default:
		d.add(CheckCalendars, OK, title, "you have %d %s. %s", n, noun, rate)
	}
}

func (d *diagnosis) checkQuota() {
	if d.User == nil {
		d.add(CheckQuota, Warning, "Free space", "unknown: the server did not say")
		return
	}
	q := d.User.Quota
	need := ""
	if d.o.Need >= 0 {
		need = "the import needs " + FormatBytes(d.o.Need)
		if d.o.NeedWhat != "" {
			need += " (" + d.o.NeedWhat + ")"
		}
	}
	switch {
	case !q.Known || (!q.FreeKnown() && !q.Unlimited()):
		d.add(CheckQuota, Warning, "Free space", "unknown: the server did not say how much space is free%s", prefixed("; ", need))
	case q.FreeKnown() && d.o.Need >= 0 && d.o.Need > q.Free:
		d.add(CheckQuota, Problem, "Free space", "%s free%s, but %s. Free some space or ask the administrator for more, "+
			"then try again (--ignore-quota imports anyway, until the space runs out)", FormatBytes(q.Free), d.ofTotal(), need)
	case q.FreeKnown():
		d.add(CheckQuota, OK, "Free space", "%s free%s%s", FormatBytes(q.Free), d.ofTotal(), prefixed("; ", need))
	default:
		d.add(CheckQuota, OK, "Free space", "no storage limit%s", prefixed("; ", need))
	}
}

func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

func (d *diagnosis) ofTotal() string {
	if q := d.User.Quota; q.Total > 0 && q.Limit >= 0 {
		return " of " + FormatBytes(q.Total)
	}
	return ""
}

// FormatBytes writes a size the way Nextcloud shows it: "1.5 GB", in
// units of 1024.
func FormatBytes(n int64) string {
	if n < 1024 {
		return fmt.Sprintf("%d bytes", n)
	}
	units := []string{"KB", "MB", "GB", "TB", "PB"}
	v := float64(n) / 1024
	i := 0
	for v >= 1024 && i < len(units)-1 {
		v /= 1024
		i++
	}
	if v < 10 {
		return fmt.Sprintf("%.1f %s", v, units[i])
	}
	return fmt.Sprintf("%.0f %s", v, units[i])
}

// explainConnection says in plain words why the server could not be
// reached at base.
func explainConnection(err error, base string) string {
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
		return fmt.Sprintf("the certificate of %s is not signed by an authority this computer trusts (a self-signed certificate?), "+
			"so the connection could be intercepted. Ask the administrator for a certificate from a known authority (Let's Encrypt), "+
			"or install theirs on this computer", host)
	case errors.As(err, &hostname):
		return fmt.Sprintf("the certificate of the server is for another name, not %s: check the address, or ask the administrator "+
			"(%v)", host, hostname.Error())
	case errors.As(err, &invalid):
		if invalid.Reason == x509.Expired {
			return fmt.Sprintf("the certificate of %s has expired or is not valid yet: check this computer's date and time, "+
				"or ask the administrator to renew it", host)
		}
		return fmt.Sprintf("the certificate of %s is not valid (%v)", host, invalid.Error())
	case errors.As(err, &record), strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return fmt.Sprintf("%s does not speak https:// on this port: check the address (http:// only on your own network)", u.Host)
	case errors.As(err, &dns):
		return fmt.Sprintf("the name %s is unknown: check the spelling of the address, and this computer's internet connection", host)
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Sprintf("nothing answers at %s: the server is off, or the address or port is wrong", u.Host)
	case errors.As(err, &nerr) && nerr.Timeout():
		return fmt.Sprintf("%s did not answer in time: it may be off or overloaded, or a firewall is in the way", u.Host)
	}
	return fmt.Sprintf("cannot reach %s: %v", base, err)
}
