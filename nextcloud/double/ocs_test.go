package double_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/takeback/takeback/nextcloud/double"
)

func ocsCode(t *testing.T, body string) int {
	t.Helper()
	var env struct {
		OCS struct {
			Meta struct {
				StatusCode int `json:"statuscode"`
			} `json:"meta"`
		} `json:"ocs"`
	}
	if err := json.Unmarshal([]byte(body), &env); err != nil {
		t.Fatalf("not OCS JSON: %v\n%s", err, body)
	}
	return env.OCS.Meta.StatusCode
}

func TestOCS(t *testing.T) {
	s := double.New(t)
	const ocs = "OCS-APIRequest"
	for _, tc := range []struct {
		name, method, path string
		auth               bool
		header             []string
		status, code       int
	}{
		{"v1 user", "GET", "/ocs/v1.php/cloud/user?format=json", true, []string{ocs, "true"}, 200, 100},
		{"v2 user", "GET", "/ocs/v2.php/cloud/user?format=json", true, []string{ocs, "true"}, 200, 200},
		{"v1 user without the header", "GET", "/ocs/v1.php/cloud/user?format=json", true, nil, 401, 997},
		{"v2 user without the header", "GET", "/ocs/v2.php/cloud/user?format=json", true, nil, 401, 997},
		{"user without a login", "GET", "/ocs/v1.php/cloud/user?format=json", false, []string{ocs, "true"}, 401, 997},
		{"public capabilities", "GET", "/ocs/v1.php/cloud/capabilities", false, []string{ocs, "true", "Accept", "application/json"}, 200, 100},
		{"capabilities without the header", "GET", "/ocs/v2.php/cloud/capabilities?format=json", false, nil, 401, 997},
		{"v2 unknown", "GET", "/ocs/v2.php/cloud/nothing?format=json", true, []string{ocs, "true"}, 404, 998},
		{"v1 unknown keeps 200", "GET", "/ocs/v1.php/cloud/nothing?format=json", true, []string{ocs, "true"}, 200, 998},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := do(t, s, tc.auth, tc.method, tc.path, "", tc.header...)
			if resp.StatusCode != tc.status || ocsCode(t, body) != tc.code {
				t.Errorf("%s, OCS %d; want %d, %d\n%s", resp.Status, ocsCode(t, body), tc.status, tc.code, body)
			}
		})
	}

	_, body := do(t, s, true, "GET", "/ocs/v1.php/cloud/user?format=json", "", ocs, "true")
	for _, want := range []string{`"id":"alice"`, `"display-name":"Alice Martin"`, `"quota":{"free":-3`} {
		if !strings.Contains(body, want) {
			t.Errorf("cloud/user lacks %s:\n%s", want, body)
		}
	}
	// Without ?format=json nor Accept: XML, Nextcloud's default.
	resp, body := do(t, s, true, "GET", "/ocs/v1.php/cloud/user", "", ocs, "true")
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/xml") || !strings.Contains(body, "<statuscode>100</statuscode>") {
		t.Errorf("XML answer %s:\n%s", resp.Header.Get("Content-Type"), body)
	}
}

func TestRevokeAppPassword(t *testing.T) {
	s := double.New(t)
	resp, body := do(t, s, true, "DELETE", "/ocs/v2.php/core/apppassword?format=json", "", "OCS-APIRequest", "true")
	if resp.StatusCode != 200 || ocsCode(t, body) != 200 || !s.Revoked(s.Password) {
		t.Fatalf("revoke: %s\n%s", resp.Status, body)
	}
	if resp, _ := do(t, s, true, "PROPFIND", "/remote.php/dav/", "", "Depth", "0"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("the revoked password still logs in: %s", resp.Status)
	}
}

func TestStatusAndMaintenance(t *testing.T) {
	s := double.New(t)
	resp, body := do(t, s, false, "GET", "/status.php", "")
	if resp.StatusCode != 200 || !strings.Contains(body, `"maintenance":false`) || !strings.Contains(body, `"versionstring":"30.0.1"`) {
		t.Errorf("status: %s\n%s", resp.Status, body)
	}
	s.SetMaintenance(true)
	resp, body = do(t, s, false, "GET", "/status.php", "")
	if resp.StatusCode != 200 || !strings.Contains(body, `"maintenance":true`) {
		t.Errorf("status in maintenance: %s\n%s", resp.Status, body)
	}
	for _, p := range []string{"/remote.php/dav/files/alice/", "/ocs/v1.php/cloud/user", "/index.php/login/v2"} {
		resp, _ := do(t, s, true, "PROPFIND", p, "")
		if resp.StatusCode != 503 || resp.Header.Get("X-Nextcloud-Maintenance-Mode") != "1" || resp.Header.Get("Retry-After") != "120" {
			t.Errorf("%s in maintenance: %s %v", p, resp.Status, resp.Header)
		}
	}
	s.SetMaintenance(false)
	if resp, _ := do(t, s, true, "PROPFIND", "/remote.php/dav/files/alice/", "", "Depth", "0"); resp.StatusCode != 207 {
		t.Errorf("after maintenance: %s", resp.Status)
	}
}

func TestThrottle(t *testing.T) {
	s := double.New(t)
	s.Throttle(2, 90*time.Second)
	for i := 0; i < 2; i++ {
		resp, _ := do(t, s, true, "GET", "/status.php", "")
		if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "90" {
			t.Errorf("request %d: %s, Retry-After %q", i+1, resp.Status, resp.Header.Get("Retry-After"))
		}
	}
	if resp, _ := do(t, s, true, "GET", "/status.php", ""); resp.StatusCode != 200 {
		t.Errorf("after the throttled requests: %s", resp.Status)
	}
}

func TestLoginFlowV2(t *testing.T) {
	s := double.New(t)
	if s.ApproveLogin() != "" {
		t.Error("approved a login that was never started")
	}
	resp, body := do(t, s, false, "POST", "/index.php/login/v2", "", "User-Agent", "takeback (host)")
	var start struct {
		Poll  struct{ Token, Endpoint string }
		Login string
	}
	if err := json.Unmarshal([]byte(body), &start); err != nil || resp.StatusCode != 200 {
		t.Fatalf("start: %s %v\n%s", resp.Status, err, body)
	}
	if start.Poll.Endpoint != s.URL+"/login/v2/poll" || !strings.HasPrefix(start.Login, s.URL+"/login/v2/flow/") || start.Poll.Token == "" {
		t.Errorf("start %+v", start)
	}
	poll := func() (*http.Response, string) {
		return do(t, s, false, "POST", strings.TrimPrefix(start.Poll.Endpoint, s.URL), url.Values{"token": {start.Poll.Token}}.Encode(),
			"Content-Type", "application/x-www-form-urlencoded")
	}
	if resp, _ := poll(); resp.StatusCode != 404 {
		t.Errorf("poll before login: %s", resp.Status)
	}
	pw := s.ApproveLogin()
	resp, body = poll()
	var res struct{ Server, LoginName, AppPassword string }
	json.Unmarshal([]byte(body), &res)
	if resp.StatusCode != 200 || res.Server != s.URL || res.LoginName != s.Login || res.AppPassword != pw || pw == "" {
		t.Errorf("poll after login: %s %+v (approved %q)", resp.Status, res, pw)
	}
	if resp, _ := poll(); resp.StatusCode != 404 {
		t.Errorf("a second poll after login: %s, want 404 (the 200 is given once)", resp.Status)
	}
	// The new app password logs in.
	req, _ := http.NewRequest("PROPFIND", s.URL+"/remote.php/dav/", nil)
	req.SetBasicAuth(s.Login, pw)
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != 207 {
		t.Errorf("with the app password: %s", r.Status)
	}
}

func TestPhotosPage(t *testing.T) {
	s := double.New(t)
	s.SetPhotosSourceFolders("/Photos", "/Camera")
	resp, body := do(t, s, true, "GET", "/index.php/apps/photos/", "")
	// base64 of "[\"\/Photos\",\"\/Camera\"]"
	if resp.StatusCode != 200 || !strings.Contains(body, `id="initial-state-photos-photosSourceFolders" value="IltcIlwvUGhvdG9zXCIsXCJcL0NhbWVyYVwiXSI="`) {
		t.Errorf("photos page: %s\n%s", resp.Status, body)
	}
	if resp, _ := do(t, s, false, "GET", "/index.php/apps/photos/", ""); resp.StatusCode != 401 {
		t.Errorf("without a login: %s", resp.Status)
	}
	s.DisablePhotos()
	if resp, _ := do(t, s, true, "GET", "/apps/photos/", ""); resp.StatusCode != 404 {
		t.Errorf("without the Photos app: %s", resp.Status)
	}
}
