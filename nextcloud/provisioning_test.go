package nextcloud_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/nextcloud"
	"github.com/takeback/takeback/nextcloud/double"
)

// Account provisioning (nextcloud-api.md §8), against the double.

const newPassword = "Kiwi-Saddle-Orbit-42"

func provAs(t *testing.T, s *double.Server, login, password string) *nextcloud.Server {
	t.Helper()
	srv, err := nextcloud.NewServer(nextcloud.Options{Server: s.URL, User: login, Password: password, Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

// noSecret fails when err's text holds one of the passwords.
func noSecret(t *testing.T, err error, passwords ...string) {
	t.Helper()
	for _, p := range passwords {
		if err != nil && strings.Contains(err.Error(), p) {
			t.Errorf("the error holds a password: %v", err)
		}
	}
}

func TestCreateUserAllFields(t *testing.T) {
	ctx := context.Background()
	s := double.New(t)
	s.AddGroup("family")
	s.AddGroup("friends")
	admin := provAs(t, s, s.Login, s.Password)
	u := nextcloud.NewUser{UserID: "bob", Password: newPassword, DisplayName: "Bob Martin", Email: "bob@example.org",
		Groups: []string{"family", "friends"}, Quota: "1 GB", Language: "fr"}
	if err := admin.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	want := []double.User{{ID: "bob", DisplayName: "Bob Martin", Email: "bob@example.org", Groups: []string{"family", "friends"},
		Quota: "1 GB", Language: "fr", Password: newPassword}}
	if got := s.Users(); !reflect.DeepEqual(got, want) {
		t.Errorf("users %+v\nwant %+v", got, want)
	}
	var post *double.Request
	for _, r := range s.Requests() {
		if r.Method == http.MethodPost && r.Path == "/ocs/v1.php/cloud/users" {
			post = &r
		}
	}
	if post == nil || post.Header.Get("Content-Type") != "application/x-www-form-urlencoded" || post.Header.Get("OCS-APIRequest") != "true" {
		t.Errorf("create request %+v", post)
	}
	// With an e-mail address, Nextcloud mails the new account at once.
	if got := s.WelcomeSent(); !reflect.DeepEqual(got, []string{"bob"}) {
		t.Errorf("welcome mails %v", got)
	}

	// Bob logs in with his password; his files are his own.
	bob := provAs(t, s, "bob", newPassword)
	me, err := bob.CurrentUser(ctx)
	if err != nil || me.ID != "bob" || me.DisplayName != "Bob Martin" || me.Quota.Limit != 1<<30 {
		t.Fatalf("bob's cloud/user %+v, %v", me, err)
	}
	d, err := nextcloud.New(ctx, nextcloud.Options{Server: s.URL, User: "bob", Password: newPassword, Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	if root := d.Endpoints().FilesRoot; root != s.URL+"/remote.php/dav/files/bob/" {
		t.Errorf("bob's files root %q", root)
	}
	req, _ := http.NewRequest(http.MethodPut, s.URL+"/remote.php/dav/files/bob/note.txt", strings.NewReader("hi"))
	req.SetBasicAuth("bob", newPassword)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if _, ok := s.Account("bob").File("note.txt"); resp.StatusCode != http.StatusCreated || !ok {
		t.Errorf("bob's upload: %s, stored %v", resp.Status, ok)
	}
	if _, ok := s.File("note.txt"); ok {
		t.Error("bob's file landed in alice's files")
	}
	if ok, err := admin.UserExists(ctx, "bob"); !ok || err != nil {
		t.Errorf("UserExists(bob) = %v, %v", ok, err)
	}
}

func TestCreateUserRefusals(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		code int    // for FailCreateUser; 0 for what the double does itself
		user string // "taken" exists already
		u    nextcloud.NewUser
		is   error
		says string
		// created: the account exists afterwards.
		created bool
	}{
		{name: "101 invalid input", code: 101, is: nil, says: "characters it does not allow"},
		{name: "101 invalid user ID", u: nextcloud.NewUser{UserID: "bob/x", Password: newPassword}, says: "invalid user ID"},
		{name: "102 exists", u: nextcloud.NewUser{UserID: "taken", Password: newPassword}, is: nextcloud.ErrUserExists, says: "already exists"},
		{name: "102 exists, other case", u: nextcloud.NewUser{UserID: "Taken", Password: newPassword}, is: nextcloud.ErrUserExists, says: "already exists"},
		{name: "103 unknown", code: 103, says: "may exist anyway"},
		{name: "103 invalid quota", u: nextcloud.NewUser{UserID: "bob", Password: newPassword, Quota: "lots"}, says: "Invalid quota value lots", created: true},
		{name: "104 no group", u: nextcloud.NewUser{UserID: "bob", Password: newPassword, Groups: []string{"choir"}}, is: nextcloud.ErrGroupMissing, says: "group choir does not exist"},
		{name: "105 group privileges", code: 105, says: "groups they manage"},
		{name: "106 no group", code: 106, is: nextcloud.ErrNotAdmin, says: "not an administrator"},
		{name: "107 password policy", code: 107, says: "password policy refused the password"},
		{name: "108 neither password nor e-mail", u: nextcloud.NewUser{UserID: "bob"}, says: "neither was given"},
		{name: "109 invitation not sent", code: 109, is: nextcloud.ErrInvitationNotSent, says: "the account was created", created: true},
		{name: "110 e-mail required", code: 110, says: "requires an e-mail address"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := double.New(t)
			s.AddUser(double.User{ID: "taken", Password: "Other-Passw0rd-99"})
			// The server's message echoes both passwords: they must not
			// reach the error.
			if tc.code != 0 {
				s.FailCreateUser(tc.code, "refused "+newPassword+" for "+s.Password)
			}
			u := tc.u
			if u.UserID == "" {
				u = nextcloud.NewUser{UserID: "bob", Password: newPassword, Email: "bob@example.org"}
			}
			err := provAs(t, s, s.Login, s.Password).CreateUser(ctx, u)
			var pe *nextcloud.ProvisioningError
			if !errors.As(err, &pe) {
				t.Fatalf("not a *ProvisioningError: %v", err)
			}
			if tc.code != 0 && pe.Code != tc.code {
				t.Errorf("code %d, want %d", pe.Code, tc.code)
			}
			if !strings.Contains(err.Error(), tc.says) || !strings.HasPrefix(err.Error(), `creating the account "`+u.UserID+`": `) {
				t.Errorf("error %q lacks %q", err, tc.says)
			}
			for _, sentinel := range []error{nextcloud.ErrUserExists, nextcloud.ErrGroupMissing, nextcloud.ErrPasswordConfirmation,
				nextcloud.ErrNotAdmin, nextcloud.ErrInvitationNotSent} {
				if got := errors.Is(err, sentinel); got != (sentinel == tc.is) {
					t.Errorf("errors.Is(%v) = %v", sentinel, got)
				}
			}
			noSecret(t, err, newPassword, s.Password)
			if created := s.Account(u.UserID) != nil; created != tc.created && u.UserID != "taken" && u.UserID != "Taken" {
				t.Errorf("account created: %v, want %v", created, tc.created)
			}
		})
	}
}

func TestCreateUserWithoutPassword(t *testing.T) {
	s := double.New(t)
	err := provAs(t, s, s.Login, s.Password).CreateUser(context.Background(),
		nextcloud.NewUser{UserID: "carol", Email: "carol@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	// Nextcloud sets a random password and mails a link to set one.
	if u := s.Users(); len(u) != 1 || u[0].Password == "" || !reflect.DeepEqual(s.WelcomeSent(), []string{"carol"}) {
		t.Errorf("users %+v, welcome %v", u, s.WelcomeSent())
	}
}

func TestUserExists(t *testing.T) {
	ctx := context.Background()
	s := double.New(t)
	s.AddUser(double.User{ID: "bob", Password: newPassword})
	s.AddUser(double.User{ID: "dave", Password: "Dave-Passw0rd-77"})
	admin := provAs(t, s, s.Login, s.Password)
	bob := provAs(t, s, "bob", newPassword)
	for _, tc := range []struct {
		name string
		srv  *nextcloud.Server
		id   string
		want bool
	}{
		{"admin asks about bob", admin, "bob", true},
		{"admin asks about herself", admin, "alice", true},
		{"admin asks about nobody", admin, "nobody", false},
		{"bob asks about himself", bob, "bob", true},
		// Nextcloud answers 998 to a non-admin asking about someone else.
		{"bob asks about dave", bob, "dave", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.srv.UserExists(ctx, tc.id)
			if got != tc.want || err != nil {
				t.Errorf("UserExists(%q) = %v, %v; want %v", tc.id, got, err, tc.want)
			}
		})
	}
}

func TestGroups(t *testing.T) {
	ctx := context.Background()
	s := double.New(t)
	s.AddGroup("family")
	admin := provAs(t, s, s.Login, s.Password)
	for _, tc := range []struct {
		group string
		want  bool
	}{{"admin", true}, {"family", true}, {"fam", false}, {"choir", false}} {
		if got, err := admin.GroupExists(ctx, tc.group); got != tc.want || err != nil {
			t.Errorf("GroupExists(%q) = %v, %v", tc.group, got, err)
		}
	}
	for _, g := range []string{"choir", "family"} { // new, then existing (102)
		if err := admin.CreateGroup(ctx, g); err != nil {
			t.Errorf("CreateGroup(%q): %v", g, err)
		}
	}
	if ok, err := admin.GroupExists(ctx, "choir"); !ok || err != nil {
		t.Errorf("the new group: %v, %v", ok, err)
	}
	err := admin.CreateGroup(ctx, " ")
	var pe *nextcloud.ProvisioningError
	if !errors.As(err, &pe) || pe.Code != 101 || !strings.Contains(err.Error(), "group name as invalid") {
		t.Errorf("blank group: %v", err)
	}
}

func TestPasswordConfirmation(t *testing.T) {
	ctx := context.Background()
	s := double.New(t)
	s.RequirePasswordConfirmation(true)
	s.AddUser(double.User{ID: "bob", Email: "bob@example.org"})
	app := s.AppPassword()
	withApp := provAs(t, s, s.Login, app)
	for name, call := range map[string]func() error{
		"create user": func() error {
			return withApp.CreateUser(ctx, nextcloud.NewUser{UserID: "carol", Password: newPassword})
		},
		"create group": func() error { return withApp.CreateGroup(ctx, "choir") },
		"welcome":      func() error { return withApp.SendWelcome(ctx, "bob") },
	} {
		err := call()
		if !errors.Is(err, nextcloud.ErrPasswordConfirmation) || errors.Is(err, nextcloud.ErrNotAdmin) {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, want := range []string{"login password, not an app password", "occ user:add"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %q lacks %q", name, err, want)
			}
		}
		noSecret(t, err, app, newPassword)
	}
	// Reading needs no confirmation; the login password confirms.
	if ok, err := withApp.UserExists(ctx, "bob"); !ok || err != nil {
		t.Errorf("UserExists with the app password: %v, %v", ok, err)
	}
	if err := provAs(t, s, s.Login, s.Password).CreateUser(ctx, nextcloud.NewUser{UserID: "carol", Password: newPassword}); err != nil {
		t.Errorf("with the login password: %v", err)
	}
}

func TestProvisioningNotAdmin(t *testing.T) {
	ctx := context.Background()
	s := double.New(t)
	s.AddGroup("family")
	s.AddUser(double.User{ID: "bob", Password: newPassword})
	s.AddUser(double.User{ID: "eve", Password: "Eve-Passw0rd-55", Groups: []string{"admin"}})
	bob := provAs(t, s, "bob", newPassword)
	for _, tc := range []struct {
		name string
		call func() error
		code int
		not  bool // errors.Is ErrNotAdmin
	}{
		{"create user", func() error { return bob.CreateUser(ctx, nextcloud.NewUser{UserID: "carol", Password: newPassword}) }, 106, true},
		{"create user in a group", func() error {
			return bob.CreateUser(ctx, nextcloud.NewUser{UserID: "carol", Password: newPassword, Groups: []string{"family"}})
		}, 105, false},
		{"create group", func() error { return bob.CreateGroup(ctx, "choir") }, 403, true},
		{"welcome", func() error { return bob.SendWelcome(ctx, "eve") }, 998, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var pe *nextcloud.ProvisioningError
			if !errors.As(err, &pe) || pe.Code != tc.code || errors.Is(err, nextcloud.ErrNotAdmin) != tc.not {
				t.Errorf("%v (want code %d, ErrNotAdmin %v)", err, tc.code, tc.not)
			}
			noSecret(t, err, newPassword)
		})
	}
	// A member of the group "admin" is an administrator.
	if err := provAs(t, s, "eve", "Eve-Passw0rd-55").CreateGroup(ctx, "choir"); err != nil {
		t.Errorf("eve, an admin: %v", err)
	}
}

func TestSendWelcome(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name     string
		user     string
		mailFail bool
		code     int // 0: sent
		says     string
	}{
		{"sent", "bob", false, 0, ""},
		{"101 no e-mail", "carol", false, 101, "no e-mail address"},
		{"102 sending failed", "bob", true, 102, "could not send the e-mail"},
		{"unknown account", "nobody", false, 998, "does not know this account"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := double.New(t)
			s.AddUser(double.User{ID: "bob", Email: "bob@example.org"})
			s.AddUser(double.User{ID: "carol"})
			s.FailMail(tc.mailFail)
			err := provAs(t, s, s.Login, s.Password).SendWelcome(ctx, tc.user)
			var pe *nextcloud.ProvisioningError
			switch {
			case tc.code == 0 && (err != nil || !reflect.DeepEqual(s.WelcomeSent(), []string{"bob"})):
				t.Errorf("%v, sent %v", err, s.WelcomeSent())
			case tc.code != 0 && (!errors.As(err, &pe) || pe.Code != tc.code || !strings.Contains(err.Error(), tc.says) ||
				!strings.HasPrefix(err.Error(), `sending the welcome e-mail to "`+tc.user+`"`)):
				t.Errorf("%v; want code %d saying %q", err, tc.code, tc.says)
			}
		})
	}
}

func TestSetEmail(t *testing.T) {
	ctx := context.Background()
	s := double.New(t)
	s.AddUser(double.User{ID: "carol"})
	srv := provAs(t, s, s.Login, s.Password)
	if err := srv.SetEmail(ctx, "carol", "carol@example.org"); err != nil {
		t.Fatal(err)
	}
	if u := s.Users(); len(u) != 1 || u[0].Email != "carol@example.org" {
		t.Errorf("users %+v", u)
	}
	// Then the welcome mail has an address to go to.
	if err := srv.SendWelcome(ctx, "carol"); err != nil || !reflect.DeepEqual(s.WelcomeSent(), []string{"carol"}) {
		t.Errorf("%v, sent %v", err, s.WelcomeSent())
	}
	err := srv.SetEmail(ctx, "carol", "not an address")
	var pe *nextcloud.ProvisioningError
	if !errors.As(err, &pe) || pe.Code != 102 || !strings.Contains(err.Error(), "valid") {
		t.Errorf("a bad address: %v", err)
	}
	if err := srv.SetEmail(ctx, "nobody", "x@example.org"); !errors.As(err, &pe) || pe.Code != 998 {
		t.Errorf("unknown account: %v", err)
	}
}

func TestProvisioningWrongAdminPassword(t *testing.T) {
	s := double.New(t)
	const wrong = "Wrong-Passw0rd-123"
	err := provAs(t, s, s.Login, wrong).CreateUser(context.Background(), nextcloud.NewUser{UserID: "bob", Password: newPassword})
	var ae *nextcloud.AuthError
	if !importers.IsFatal(err) || !errors.As(err, &ae) {
		t.Errorf("not a Fatal *AuthError: %v", err)
	}
	noSecret(t, err, wrong, newPassword)
	if len(s.Users()) != 0 {
		t.Error("an account was created")
	}
}
