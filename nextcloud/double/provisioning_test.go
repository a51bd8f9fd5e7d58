package double_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/takeback/takeback/nextcloud/double"
)

// provDo sends an OCS request (or any other, with header) as login.
func provDo(t *testing.T, s *double.Server, login, password, method, p, form string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+p, strings.NewReader(form))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("OCS-APIRequest", "true")
	if form != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if method == "PROPFIND" {
		req.Header.Set("Depth", "0")
	}
	req.SetBasicAuth(login, password)
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestProvisioning(t *testing.T) {
	s := double.New(t)
	s.AddUser(double.User{ID: "bob", Password: "Bob-Passw0rd-1", Email: "bob@example.org"})
	app := s.AppPassword()
	const users = "/ocs/v1.php/cloud/users?format=json"
	for _, tc := range []struct {
		name               string
		login, password    string
		confirm            bool
		method, path, form string
		status, code       int
		contains           string
	}{
		{"v1 create", s.Login, s.Password, false, "POST", users, "userid=carol&password=x1&quota=500+MB", 200, 100, `"id":"carol"`},
		{"v2 create existing: HTTP 400", s.Login, s.Password, false, "POST", "/ocs/v2.php/cloud/users?format=json", "userid=BOB&password=x", 400, 102, "User already exists"},
		{"v1 confirmation keeps HTTP 200", s.Login, app, true, "POST", users, "userid=dave&password=x", 200, 403, "Password confirmation is required"},
		{"v2 confirmation: HTTP 403", s.Login, app, true, "POST", "/ocs/v2.php/cloud/groups?format=json", "groupid=g", 403, 403, "Password confirmation is required"},
		{"login password confirms", s.Login, s.Password, true, "POST", users, "userid=dave&password=x", 200, 100, ""},
		{"non-admin creates a group", "bob", "Bob-Passw0rd-1", false, "POST", "/ocs/v1.php/cloud/groups?format=json", "groupid=g", 200, 403, "must be an admin"},
		{"non-admin asks about carol", "bob", "Bob-Passw0rd-1", false, "GET", "/ocs/v1.php/cloud/users/carol?format=json", "", 200, 998, ""},
		{"unknown user", s.Login, s.Password, false, "GET", "/ocs/v1.php/cloud/users/nobody?format=json", "", 200, 404, "User does not exist"},
		{"bob's cloud/user", "bob", "Bob-Passw0rd-1", false, "GET", "/ocs/v1.php/cloud/user?format=json", "", 200, 100, `"id":"bob"`},
		{"carol's quota", "carol", "x1", false, "GET", "/ocs/v2.php/cloud/user?format=json", "", 200, 200, `"quota":524288000`},
		{"search groups", "bob", "Bob-Passw0rd-1", false, "GET", "/ocs/v1.php/cloud/groups?search=ADM&format=json", "", 200, 100, `"groups":["admin"]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s.RequirePasswordConfirmation(tc.confirm)
			resp, body := provDo(t, s, tc.login, tc.password, tc.method, tc.path, tc.form)
			if resp.StatusCode != tc.status || ocsCode(t, body) != tc.code || !strings.Contains(body, tc.contains) {
				t.Errorf("%s, OCS %d; want %d, %d, %q\n%s", resp.Status, ocsCode(t, body), tc.status, tc.code, tc.contains, body)
			}
		})
	}
}

// Accounts log in with their own password and see their own DAV tree.
func TestAccountHome(t *testing.T) {
	s := double.New(t)
	s.AddUser(double.User{ID: "bob", Password: "Bob-Passw0rd-1"})
	for _, tc := range []struct {
		name, password, method, path string
		status                       int
		contains                     string
	}{
		{"principal", "Bob-Passw0rd-1", "PROPFIND", "/remote.php/dav/", 207, "/remote.php/dav/principals/users/bob/"},
		{"own file", "Bob-Passw0rd-1", "PUT", "/remote.php/dav/files/bob/a.txt", 201, ""},
		{"alice's files", "Bob-Passw0rd-1", "PROPFIND", "/remote.php/dav/files/alice/", 404, ""},
		{"wrong password", "nope", "PROPFIND", "/remote.php/dav/", 401, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := provDo(t, s, "bob", tc.password, tc.method, tc.path, "")
			if resp.StatusCode != tc.status || !strings.Contains(body, tc.contains) {
				t.Errorf("%s; want %d with %q\n%s", resp.Status, tc.status, tc.contains, body)
			}
		})
	}
	if _, ok := s.Account("bob").File("a.txt"); !ok || len(s.Files()) != 0 {
		t.Errorf("bob's file: %v; alice's files %v", ok, s.Files())
	}
}
