package double

import (
	"math"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// OCS provisioning, as nextcloud-api.md §8 describes it (doc
// admin_manual/configuration_user/instruction_set_for_users.rst and
// instruction_set_for_groups.rst), v1 and v2:
//   - POST cloud/users with the form fields userid, password, displayName,
//     email, groups[], quota and language creates an account and answers
//     {id}. The checks come in this order: 102 the user ID exists (compared
//     without case, as the database backend does; unverified), 104 a
//     group does not exist, 105 a group the caller may not add to, 106 no
//     group from a caller who is not an administrator, 101 an invalid user
//     ID, 108 neither password nor e-mail. Without a password a random one
//     is set. An invalid quota gives 103 "Invalid quota value …" with the
//     account left created (apps/provisioning_api UsersController::addUser
//     sets the quota after creating; unverified on NC 34). With an e-mail
//     the welcome mail goes out at once (newUser.sendEmail defaults to
//     yes); a mail that fails then is only logged, as in current versions.
//     107 and 109 come only from FailCreateUser.
//   - GET cloud/users/{id}: the account's data; 404 "User does not exist"
//     for an unknown one, 998 when a caller who is not an administrator
//     asks about someone else (UsersController::getUser).
//   - GET cloud/groups?search=…: {groups: [IDs containing the search,
//     without case]}, for anyone logged in.
//   - POST cloud/groups with groupid: administrators only; 101 empty, 102
//     exists.
//   - POST cloud/users/{id}/welcome: 998 unknown account (or a caller who
//     is not an administrator), 101 no e-mail address, 102 the mail could
//     not be sent (FailMail).
//   - Password confirmation (RequirePasswordConfirmation): creating an
//     account or a group and the welcome mail answer 403 "Password
//     confirmation is required" to the administrator logged in with an app
//     password (from Login Flow or AppPassword), as NC 34 does (§8;
//     server#61646, server#61974); the login password confirms implicitly.
//   - Administrators are the double's own login and the accounts in the
//     group "admin". A caller who is not one gets 403 "Logged in account
//     must be an admin" on the administrator-only calls (v1 keeps HTTP 200;
//     §1); on create and welcome, the codes above.
//
// Accounts created here log in with their user ID and password. Each has
// its own files, photos and uploads, served by a Server of its own
// (Account), and its own cloud/user.

// User is an account created through provisioning (or AddUser).
type User struct {
	ID, DisplayName, Email string
	Groups                 []string
	Quota, Language        string
	// Password is the one given, or the one the double chose when none
	// was.
	Password string
}

type account struct {
	User
	home *Server // files, photos, uploads
}

type ocsFailure struct {
	code    int
	message string
}

// provisioning is the double's state for this file, under Server.mu.
type provisioning struct {
	accounts     map[string]*account // by lower-case user ID
	order        []string            // user IDs, in creation order
	groups       map[string]bool
	welcome      []string
	failCreate   *ocsFailure
	confirmation bool
	mailFails    bool
}

// provLocked initialises the state once: the group "admin" exists, as on
// every Nextcloud. The caller holds s.mu.
func (s *Server) provLocked() *provisioning {
	if s.prov.groups == nil {
		s.prov.groups = map[string]bool{"admin": true}
		s.prov.accounts = map[string]*account{}
	}
	return &s.prov
}

// FailCreateUser makes the next account creation answer the OCS code with
// message. For 109 the account is created first, as Nextcloud does when
// the invitation mail then fails; for other codes nothing is created.
func (s *Server) FailCreateUser(code int, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.provLocked().failCreate = &ocsFailure{code, message}
}

// RequirePasswordConfirmation makes creating accounts and groups and the
// welcome mail refuse the administrator's app passwords with 403, as NC 34
// does.
func (s *Server) RequirePasswordConfirmation(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.provLocked().confirmation = on
}

// FailMail makes every e-mail fail: the welcome call answers 102, and the
// mail at creation is not sent (the creation still succeeds).
func (s *Server) FailMail(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.provLocked().mailFails = on
}

// AppPassword issues another app password for the double's login, as if
// created in the security settings; it logs in like one from Login Flow.
func (s *Server) AppPassword() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := "app-" + randomHex(24)
	s.appPasswords[p] = true
	return p
}

// AddGroup creates a group, as if created earlier.
func (s *Server) AddGroup(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.provLocked().groups[name] = true
}

// AddUser creates an account as if created earlier, with its groups; a
// random password when u has none.
func (s *Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.provLocked()
	for _, g := range u.Groups {
		p.groups[g] = true
	}
	s.addAccountLocked(u)
}

// Users returns the accounts created through provisioning or AddUser, in
// creation order; not the double's own login.
func (s *Server) Users() []User {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.provLocked()
	out := make([]User, 0, len(p.order))
	for _, id := range p.order {
		u := p.accounts[strings.ToLower(id)].User
		u.Groups = append([]string(nil), u.Groups...)
		out = append(out, u)
	}
	return out
}

// WelcomeSent lists the user IDs a welcome mail went to, in order: at
// creation (with an e-mail address) and through the welcome call.
func (s *Server) WelcomeSent() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.provLocked().welcome...)
}

// Account is the Server holding the files, photos and uploads of an
// account created through provisioning (File, Files, FilesRoot work on
// it); nil for an unknown one. It is reached through the double's URL.
func (s *Server) Account(userID string) *Server {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.provLocked().accounts[strings.ToLower(userID)]; a != nil && a.ID == userID {
		return a.home
	}
	return nil
}

// addAccountLocked stores an account and its home. The caller holds s.mu.
func (s *Server) addAccountLocked(u User) *account {
	p := s.provLocked()
	if u.Password == "" {
		u.Password = "gen-" + randomHex(12)
	}
	u.Groups = append([]string(nil), u.Groups...)
	h := newServer(u.ID, u.Password, u.ID)
	h.URL, h.photos, h.caps = s.URL, s.photos, s.caps
	// File IDs are unique across the server on Nextcloud.
	h.nextID = (len(p.order) + 1) * 1_000_000
	h.nodes[""].id = h.newID()
	a := &account{User: u, home: h}
	p.accounts[strings.ToLower(u.ID)] = a
	p.order = append(p.order, u.ID)
	return a
}

// isProvisioning reports whether p is a provisioning call of this file.
func isProvisioning(p string) bool {
	v, api := ocsVersion(p)
	return v != 0 && (api == "cloud/users" || strings.HasPrefix(api, "cloud/users/") ||
		api == "cloud/groups" || strings.HasPrefix(api, "cloud/groups/"))
}

// serveAccount answers the requests of an account created through
// provisioning, with its password; false for anyone else, who goes the
// double's usual way (a wrong password there gets 401).
func (s *Server) serveAccount(w http.ResponseWriter, r *http.Request) bool {
	login, pw, ok := r.BasicAuth()
	if !ok || login == s.Login {
		return false
	}
	s.mu.Lock()
	a := s.provLocked().accounts[strings.ToLower(login)]
	ok = a != nil && a.ID == login && a.Password == pw
	caps, photos := s.caps, s.photos
	s.mu.Unlock()
	if !ok {
		return false
	}
	v, api := ocsVersion(r.URL.Path)
	switch {
	case isProvisioning(r.URL.Path):
		s.serveProvisioning(w, r, a.ID, pw)
	case api == "cloud/user" && r.Method == http.MethodGet && hasOCSHeader(r):
		s.serveAccountUser(w, r, v, a)
	default:
		a.home.mu.Lock()
		a.home.caps, a.home.photos = caps, photos
		a.home.mu.Unlock()
		a.home.ServeHTTP(w, r)
	}
	return true
}

// serveProvisioning answers the provisioning calls of caller (a user ID)
// logged in with password.
func (s *Server) serveProvisioning(w http.ResponseWriter, r *http.Request, caller, password string) {
	v, api := ocsVersion(r.URL.Path)
	if !hasOCSHeader(r) {
		writeOCS(w, r, v, 997, "Current user is not logged in", nil)
		return
	}
	if err := r.ParseForm(); err != nil {
		writeOCS(w, r, v, 101, "invalid form: "+err.Error(), nil)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.provLocked()
	admin := s.isAdminLocked(caller)
	// NC 34 refuses app passwords on @PasswordConfirmationRequired calls (§8).
	confirm := p.confirmation && caller == s.UserID && s.appPasswords[password]
	const notConfirmed, notAdmin = "Password confirmation is required", "Logged in account must be an admin"
	rest, isUser := strings.CutPrefix(api, "cloud/users/")
	if !isUser {
		rest = ""
	}
	switch {
	case api == "cloud/users" && r.Method == http.MethodPost:
		if confirm {
			writeOCS(w, r, v, 403, notConfirmed, nil)
			return
		}
		code, msg, id := s.createUserLocked(r, admin)
		var data any
		if code == 100 {
			data = map[string]string{"id": id}
		}
		writeOCS(w, r, v, codeFor(v, code), msg, data)
	case api == "cloud/groups" && r.Method == http.MethodGet:
		q := strings.ToLower(r.URL.Query().Get("search"))
		found := []string{}
		for g := range p.groups {
			if strings.Contains(strings.ToLower(g), q) {
				found = append(found, g)
			}
		}
		sort.Strings(found)
		writeOCS(w, r, v, okCode(v), "OK", map[string]any{"groups": found})
	case api == "cloud/groups" && r.Method == http.MethodPost:
		g := r.PostForm.Get("groupid")
		switch {
		case !admin:
			writeOCS(w, r, v, 403, notAdmin, nil)
		case confirm:
			writeOCS(w, r, v, 403, notConfirmed, nil)
		case strings.TrimSpace(g) == "":
			writeOCS(w, r, v, 101, "Invalid group name", nil)
		case p.groups[g]:
			writeOCS(w, r, v, 102, "group exists", nil)
		default:
			p.groups[g] = true
			writeOCS(w, r, v, okCode(v), "OK", nil)
		}
	case strings.HasSuffix(rest, "/welcome") && r.Method == http.MethodPost:
		if confirm {
			writeOCS(w, r, v, 403, notConfirmed, nil)
			return
		}
		a := p.accounts[strings.ToLower(strings.TrimSuffix(rest, "/welcome"))]
		switch {
		case a == nil || a.ID != strings.TrimSuffix(rest, "/welcome") || !admin:
			writeOCS(w, r, v, 998, "", nil)
		case a.Email == "":
			writeOCS(w, r, v, 101, "Email address not available", nil)
		case p.mailFails:
			writeOCS(w, r, v, 102, "Sending email failed", nil)
		default:
			p.welcome = append(p.welcome, a.ID)
			writeOCS(w, r, v, okCode(v), "OK", nil)
		}
	case rest != "" && !strings.Contains(rest, "/") && r.Method == http.MethodPut:
		// editUser (§8): only the e-mail address is simulated.
		a := p.accounts[strings.ToLower(rest)]
		switch {
		case confirm:
			writeOCS(w, r, v, 403, notConfirmed, nil)
		case a == nil || a.ID != rest || !admin:
			writeOCS(w, r, v, 998, "", nil)
		case r.PostForm.Get("key") != "email":
			writeOCS(w, r, v, 103, "not simulated by the test double: key "+r.PostForm.Get("key"), nil)
		case !strings.Contains(r.PostForm.Get("value"), "@"):
			writeOCS(w, r, v, 102, "Invalid email address", nil)
		default:
			a.Email = r.PostForm.Get("value")
			writeOCS(w, r, v, okCode(v), "OK", nil)
		}
	case rest != "" && !strings.Contains(rest, "/") && r.Method == http.MethodGet:
		a := p.accounts[strings.ToLower(rest)]
		switch {
		case rest == s.UserID:
			writeOCS(w, r, v, okCode(v), "OK", map[string]any{"id": s.UserID, "displayname": DisplayName,
				"email": s.Login, "groups": []string{"admin"}, "enabled": true})
		case a == nil || a.ID != rest:
			writeOCS(w, r, v, 404, "User does not exist", nil)
		case !admin && caller != a.ID:
			writeOCS(w, r, v, 998, "", nil)
		default:
			writeOCS(w, r, v, okCode(v), "OK", accountData(a))
		}
	default:
		writeOCS(w, r, v, 998, "not simulated by the test double: "+r.Method+" "+r.URL.Path, nil)
	}
}

// codeFor is okCode for 100, and code otherwise.
func codeFor(v, code int) int {
	if code == 100 {
		return okCode(v)
	}
	return code
}

// isAdminLocked: the double's login, or an account in the group "admin".
func (s *Server) isAdminLocked(id string) bool {
	if id == s.UserID {
		return true
	}
	if a := s.prov.accounts[strings.ToLower(id)]; a != nil {
		for _, g := range a.Groups {
			if g == "admin" {
				return true
			}
		}
	}
	return false
}

// validUserID: letters, digits, spaces and _.@-', not blank at either end
// (lib/private/User/Manager.php, createUser's checks).
var validUserID = regexp.MustCompile(`^[a-zA-Z0-9 _.@\-']+$`)

// createUserLocked runs POST cloud/users and returns the OCS code (100 for
// success), the message and the user ID. The caller holds s.mu.
func (s *Server) createUserLocked(r *http.Request, admin bool) (int, string, string) {
	p := s.provLocked()
	f := r.PostForm
	u := User{ID: f.Get("userid"), Password: f.Get("password"), DisplayName: f.Get("displayName"),
		Email: f.Get("email"), Groups: f["groups[]"], Quota: f.Get("quota"), Language: f.Get("language")}
	fail := p.failCreate
	p.failCreate = nil
	if fail != nil && fail.code != 109 {
		return fail.code, fail.message, ""
	}
	if p.accounts[strings.ToLower(u.ID)] != nil || strings.EqualFold(u.ID, s.UserID) {
		return 102, "User already exists", ""
	}
	for _, g := range u.Groups {
		if !p.groups[g] {
			return 104, "group " + g + " does not exist", ""
		}
		if !admin {
			return 105, "insufficient privileges for group " + g, ""
		}
	}
	if len(u.Groups) == 0 && !admin {
		return 106, "no group specified (required for subadmins)", ""
	}
	if !validUserID.MatchString(u.ID) || strings.TrimSpace(u.ID) != u.ID || strings.Trim(u.ID, ".") == "" {
		return 101, "invalid user ID: only letters, digits, spaces and _.@-' are allowed", ""
	}
	if u.Password == "" && u.Email == "" {
		return 108, "To send a password link to the user an email address is required.", ""
	}
	quota, quotaOK := parseQuota(u.Quota)
	a := s.addAccountLocked(u)
	a.home.quota = quota
	if !quotaOK {
		return 103, "Invalid quota value " + u.Quota, ""
	}
	if fail != nil {
		return fail.code, fail.message, ""
	}
	if u.Email != "" && !p.mailFails {
		p.welcome = append(p.welcome, u.ID)
	}
	return 100, "OK", u.ID
}

// parseQuota reads a quota as Nextcloud accepts it: "", "none" and
// "default" (no limit here), a number of bytes, or a size such as "10 GB"
// or "500M" in powers of 1024. ok is false for anything else.
func parseQuota(q string) (bytes int64, ok bool) {
	q = strings.ToLower(strings.TrimSpace(q))
	if q == "" || q == "none" || q == "default" {
		return -1, true
	}
	m := quotaRE.FindStringSubmatch(q)
	if m == nil {
		return -1, false
	}
	n, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return -1, false
	}
	if m[2] != "" {
		n *= math.Pow(1024, float64(strings.Index("kmgtp", m[2])+1))
	}
	return int64(n), true
}

var quotaRE = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?)\s*([kmgtp]?)b?$`)

// accountData is the cloud/user(s) data of an account.
func accountData(a *account) map[string]any {
	a.home.mu.Lock()
	used, quota := a.home.sizeUnder(""), a.home.quota
	a.home.mu.Unlock()
	q := map[string]any{"used": used, "free": -3, "total": used, "relative": 0, "quota": -3}
	if quota >= 0 {
		q["free"], q["total"], q["quota"] = max(quota-used, 0), quota, quota
		if quota > 0 {
			q["relative"] = float64(used) * 100 / float64(quota)
		}
	}
	name := a.DisplayName
	if name == "" {
		name = a.ID
	}
	return map[string]any{"enabled": true, "id": a.ID, "displayname": name, "display-name": name,
		"email": a.Email, "groups": nonNil(a.Groups), "language": a.Language, "quota": q}
}

// serveAccountUser answers GET cloud/user for an account.
func (s *Server) serveAccountUser(w http.ResponseWriter, r *http.Request, v int, a *account) {
	s.mu.Lock()
	data := accountData(a)
	s.mu.Unlock()
	writeOCS(w, r, v, okCode(v), "OK", data)
}
