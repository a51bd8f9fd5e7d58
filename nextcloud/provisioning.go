package nextcloud

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/takeback/takeback/internal/lang"
)

// Account administration through the OCS provisioning API
// (nextcloud-api.md §8; doc admin_manual/configuration_user/
// instruction_set_for_users.rst and instruction_set_for_groups.rst). The
// Server logs in as an administrator. Every refusal is a
// *ProvisioningError whose text a non-technical admin can act on; a wrong
// admin login stays a Fatal *AuthError, as everywhere in this package.
// Neither the admin's password nor the new account's ever appears in an
// error.

// NewUser is an account to create.
type NewUser struct {
	UserID, Password, DisplayName, Email string
	// Groups must exist beforehand (104 otherwise).
	Groups []string
	// Quota is "" to leave the server's default, or e.g. "10 GB", "none".
	Quota    string
	Language string
}

// Refusals that callers tell apart with errors.Is on a *ProvisioningError.
var (
	// ErrUserExists: the user ID is taken (102 on create).
	ErrUserExists = lang.New("the account already exists")
	// ErrGroupMissing: a group the account should join does not exist (104).
	ErrGroupMissing = lang.New("a group does not exist")
	// ErrPasswordConfirmation: the server wants the admin to confirm their
	// password, which an app password cannot do (Nextcloud 34).
	ErrPasswordConfirmation = lang.New("the server asks for password confirmation")
	// ErrNotAdmin: the logged-in account is neither an administrator nor a
	// group admin allowed to do this (403, 997, or 106 on create).
	ErrNotAdmin = lang.New("the account is not an administrator")
	// ErrInvitationNotSent: the account was created, but Nextcloud could
	// not send its invitation e-mail (109). It is a warning: the account
	// exists and can be used.
	ErrInvitationNotSent = lang.New("the invitation e-mail was not sent")
)

// provisioningOp is what a ProvisioningError refused: the same OCS code
// means different things on different calls (102 is "exists" on create,
// "sending failed" on the welcome mail).
type provisioningOp int

const (
	opCreateUser provisioningOp = iota + 1
	opGetUser
	opFindGroup
	opCreateGroup
	opWelcome
	opEditUser
)

// ProvisioningError is an OCS refusal of a provisioning call.
type ProvisioningError struct {
	What    lang.Text // the request: `creating the account "bob"`
	Code    int       // meta.statuscode
	Message string    // meta.message, the server's words, without passwords
	op      provisioningOp
}

func (e *ProvisioningError) Error() string { return e.Text().String() }

// Text is the error's message, to print in the reader's language; the
// server's own words stay as they are.
func (e *ProvisioningError) Text() lang.Text {
	code := strconv.Itoa(e.Code) // not through a printer's digit grouping
	if m := strings.TrimSpace(e.Message); m != "" {
		return lang.T("%v: %v; Nextcloud says: %q (OCS status %s)", e.What, e.explain(), shorten(m, 300), code)
	}
	return lang.T("%v: %v (OCS status %s)", e.What, e.explain(), code)
}

// Is matches the sentinel errors above.
func (e *ProvisioningError) Is(target error) bool {
	switch target {
	case ErrUserExists:
		return e.op == opCreateUser && e.Code == 102
	case ErrGroupMissing:
		return e.op == opCreateUser && e.Code == 104
	case ErrPasswordConfirmation:
		return e.confirmation()
	case ErrNotAdmin:
		return (e.Code == ocsForbiddenV2 && !e.confirmation()) || e.Code == ocsUnauthorised ||
			(e.op == opCreateUser && e.Code == 106)
	case ErrInvitationNotSent:
		return e.op == opCreateUser && e.Code == 109
	}
	return false
}

// confirmation recognises the 403 of @PasswordConfirmationRequired calls
// made with an app password since Nextcloud 34 (§8; server#61646,
// server#61974), by its message.
func (e *ProvisioningError) confirmation() bool {
	return e.Code == ocsForbiddenV2 && strings.Contains(strings.ToLower(e.Message), "password confirmation")
}

// explain says in plain words what the code means for this call.
func (e *ProvisioningError) explain() lang.Text {
	switch {
	case e.confirmation():
		return lang.T("Nextcloud wants the administrator to confirm their password, which it cannot do for an app password " +
			"(Nextcloud 34). For batch runs, log in with the administrator's login password, not an app password, " +
			"or create the accounts on the server with occ user:add")
	case e.Is(ErrNotAdmin) && e.Code != 106:
		return lang.T("the account takeback logs in with is not an administrator of this Nextcloud; only administrators " +
			"(and group admins, for their groups) may manage accounts and groups")
	case e.Code == ocsNotFound || e.Code == http.StatusNotFound:
		return lang.T("Nextcloud does not know this account, or your account may not see it")
	}
	switch e.op {
	case opCreateUser:
		return explainCreate(e.Code)
	case opCreateGroup:
		switch e.Code {
		case 101:
			return lang.T("Nextcloud refused the group name as invalid")
		case 103:
			return lang.T("Nextcloud could not create the group (an error on the server; its log says more)")
		}
	case opEditUser:
		switch e.Code {
		case 101, 102:
			return lang.T("Nextcloud refused the value (an e-mail address must be a valid one)")
		case 103:
			return lang.T("Nextcloud does not let this be changed")
		}
	case opWelcome:
		switch e.Code {
		case 101:
			return lang.T("the account has no e-mail address to send it to")
		case 102:
			return lang.T("Nextcloud could not send the e-mail; check the e-mail server settings in Nextcloud's " +
				"administration settings (Basic settings → Email server)")
		}
	}
	return lang.T("Nextcloud refused the request")
}

// explainCreate covers every code of the create-user table (§8).
func explainCreate(code int) lang.Text {
	switch code {
	case 101:
		return lang.T("Nextcloud refused the account's details as invalid; most often the user ID has characters it does " +
			"not allow (only letters, digits, spaces and _ . @ - ' are allowed) or the password is too long")
	case 102:
		return lang.T("an account with this user ID already exists")
	case 103:
		return lang.T("Nextcloud hit an error while creating the account; the account may exist anyway without all its " +
			"settings (an invalid quota does that), so check it in Nextcloud's Accounts page")
	case 104:
		return lang.T("a group the account should join does not exist in Nextcloud; create the group first")
	case 105:
		return lang.T("your account may not add accounts to that group: a group admin can only add accounts to the groups they manage")
	case 106:
		return lang.T("your account is not an administrator: a group admin must name, for every new account, one of the groups they manage")
	case 107:
		return lang.T("Nextcloud's password policy refused the password (the message says why); choose a longer or less common one")
	case 108:
		return lang.T("the account needs a password, or an e-mail address to which Nextcloud mails a link to set one; neither was given")
	case 109:
		return lang.T("the account was created, but Nextcloud could not send its invitation e-mail; check the e-mail server " +
			"settings in Nextcloud's administration settings, then send it again")
	case 110:
		// Not in §8's table: apps/provisioning_api UsersController::addUser
		// answers it when newUser.requireEmail is set.
		return lang.T("this Nextcloud requires an e-mail address for every new account")
	}
	return lang.T("Nextcloud refused to create the account")
}

// CreateUser creates an account: POST /ocs/v1.php/cloud/users, with
// form fields userid, password, displayName, email, groups[], quota and
// language (§8). Empty fields are not sent. A refusal is a
// *ProvisioningError: errors.Is tells ErrUserExists, ErrGroupMissing,
// ErrPasswordConfirmation and ErrNotAdmin apart. ErrInvitationNotSent
// (109) is a warning: the account exists.
//
// With an e-mail address Nextcloud mails the new account at once unless
// its admin turned off "Send email to new user" (newUser.sendEmail, §8);
// without a password it mails a link to set one.
func (s *Server) CreateUser(ctx context.Context, u NewUser) error {
	what := lang.T("creating the account %q", u.UserID)
	if strings.TrimSpace(u.UserID) == "" {
		return lang.New("creating an account: no user ID given")
	}
	form := url.Values{"userid": {u.UserID}}
	for k, v := range map[string]string{"password": u.Password, "displayName": u.DisplayName, "email": u.Email,
		"quota": u.Quota, "language": u.Language} {
		if v != "" {
			form.Set(k, v)
		}
	}
	for _, g := range u.Groups {
		form.Add("groups[]", g)
	}
	err := s.ocsForm(ctx, s.auth, http.MethodPost, "/ocs/v1.php/cloud/users", form, nil)
	return s.provisioningError(err, opCreateUser, what, u.Password)
}

// UserExists asks whether the account exists: GET
// /ocs/v1.php/cloud/users/{id}. 100 is yes; 404 ("User does not exist")
// and 998 are no. Only an administrator gets a true answer about others:
// Nextcloud answers 998 to anyone else (apps/provisioning_api
// UsersController::getUser).
func (s *Server) UserExists(ctx context.Context, userID string) (bool, error) {
	what := lang.T("checking whether the account %q exists", userID)
	err := s.ocs(ctx, s.auth, http.MethodGet, "/ocs/v1.php/cloud/users/"+url.PathEscape(userID), nil)
	var oe *OCSError
	switch {
	case err == nil:
		return true, nil
	case errors.As(err, &oe) && (oe.Code == ocsNotFound || oe.Code == http.StatusNotFound):
		return false, nil
	}
	return false, s.provisioningError(err, opGetUser, what)
}

// GroupExists asks whether the group exists. It searches GET
// /ocs/v1.php/cloud/groups?search=… and compares the IDs found: the group
// doc (instruction_set_for_groups.rst) documents the search with status
// 100 only, while GET cloud/groups/{id} is documented as listing members,
// with no code for a missing group. The comparison is exact; a database
// that ignores case may still call "Family" and "family" the same group.
func (s *Server) GroupExists(ctx context.Context, group string) (bool, error) {
	what := lang.T("looking up the group %q", group)
	var data struct {
		Groups json.RawMessage `json:"groups"`
	}
	err := s.ocs(ctx, s.auth, http.MethodGet, "/ocs/v1.php/cloud/groups?search="+url.QueryEscape(group), &data)
	if err != nil {
		return false, s.provisioningError(err, opFindGroup, what)
	}
	for _, g := range stringList(data.Groups) {
		if g == group {
			return true, nil
		}
	}
	return false, nil
}

// CreateGroup creates a group: POST /ocs/v1.php/cloud/groups with
// groupid. A group that exists already (102) is no error.
func (s *Server) CreateGroup(ctx context.Context, group string) error {
	what := lang.T("creating the group %q", group)
	err := s.ocsForm(ctx, s.auth, http.MethodPost, "/ocs/v1.php/cloud/groups", url.Values{"groupid": {group}}, nil)
	var oe *OCSError
	if errors.As(err, &oe) && oe.Code == 102 {
		return nil
	}
	return s.provisioningError(err, opCreateGroup, what)
}

// SendWelcome asks Nextcloud to (re)send its welcome e-mail to the
// account: POST /ocs/v1.php/cloud/users/{id}/welcome; 101 is "no e-mail
// address", 102 "sending failed" (§8).
func (s *Server) SendWelcome(ctx context.Context, userID string) error {
	what := lang.T("sending the welcome e-mail to %q", userID)
	err := s.ocsForm(ctx, s.auth, http.MethodPost, "/ocs/v1.php/cloud/users/"+url.PathEscape(userID)+"/welcome", url.Values{}, nil)
	return s.provisioningError(err, opWelcome, what)
}

// SetEmail sets the account's e-mail address (PUT cloud/users/{id}, key
// email; nextcloud-api.md §8). A batch with --welcome-mail creates the
// account without one and sets it after the import, since Nextcloud mails
// a new account that has an address at once (newUser.sendEmail).
func (s *Server) SetEmail(ctx context.Context, userID, email string) error {
	what := lang.T("setting the e-mail address of %q", userID)
	err := s.ocsForm(ctx, s.auth, http.MethodPut, "/ocs/v1.php/cloud/users/"+url.PathEscape(userID),
		url.Values{"key": {"email"}, "value": {email}}, nil)
	return s.provisioningError(err, opEditUser, what)
}

// provisioningError turns an OCS refusal into a *ProvisioningError and
// wraps any other error with what; the admin's password and the given
// ones are removed from the text either way.
func (s *Server) provisioningError(err error, op provisioningOp, what lang.Text, passwords ...string) error {
	if err == nil {
		return nil
	}
	secrets := append([]string{s.auth.password,
		base64.StdEncoding.EncodeToString([]byte(s.auth.user + ":" + s.auth.password))}, passwords...)
	var oe *OCSError
	if errors.As(err, &oe) {
		msg := oe.Message
		for _, p := range secrets {
			if len(p) >= 4 {
				msg = strings.ReplaceAll(msg, p, "[redacted]")
			}
		}
		return &ProvisioningError{What: what, Code: oe.Code, Message: msg, op: op}
	}
	return scrubSecrets(lang.Errorf("%v: %w", what, err), secrets...)
}
