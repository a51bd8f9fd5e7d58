package nextcloud

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"path"
	"regexp"
	"strings"

	"github.com/takeback/takeback/internal/lang"
)

// The Photos app shows in its timeline only the files under the user's
// photosSourceFolders (default ["/Photos"]; nextcloud-api.md §5.2,
// nextcloud/photos lib/Service/UserConfigService.php).
//
// The app has no API that reads this setting: its only config route is
// PUT /apps/photos/api/v1/config/{key} (nextcloud/photos appinfo/routes.php,
// lib/Controller/ApiController.php). Its web page hands the setting to the
// browser as "initial state" (lib/Controller/PageController.php,
// provideInitialState for every key of UserConfigService::DEFAULT_CONFIGS),
// which the page script reads with loadState('photos',
// 'photosSourceFolders'). Nextcloud writes initial state into the page as
// <input type="hidden" id="initial-state-<app>-<key>" value="<base64 of
// the JSON value>"> (core/templates/layout.user.php). So takeback reads the
// page GET /index.php/apps/photos/ and takes that field. The value is a
// JSON string holding a JSON list. That a Basic-authenticated request gets
// the page like a browser session does is (unverified).

// DefaultPhotosSourceFolders is the Photos app's default timeline folder
// list.
var DefaultPhotosSourceFolders = []string{"/Photos"}

var photosSourceState = regexp.MustCompile(`id="initial-state-photos-photosSourceFolders"\s+value="([^"]*)"`)

// PhotosSourceFolders reads the folders the user's Photos timeline shows,
// as absolute paths in the user's files ("/Photos"). A server without the
// Photos app gives an *UnavailableError.
func (s *Server) PhotosSourceFolders(ctx context.Context) ([]string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.base+"/index.php/apps/photos/", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "text/html")
	resp, err := s.auth.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return nil, lang.Errorf("reading the Photos page: %w", err)
	}
	const api = "/index.php/apps/photos/"
	if resp.StatusCode != http.StatusOK {
		return nil, &UnavailableError{API: api, Answer: answerSummary(resp, body), Status: resp.StatusCode}
	}
	m := photosSourceState.FindSubmatch(body)
	if m == nil {
		return nil, &UnavailableError{API: api, Answer: lang.T("a page without the timeline folders")}
	}
	folders, err := decodeSourceFolders(html.UnescapeString(string(m[1])))
	if err != nil {
		return nil, lang.Errorf("reading the timeline folders of the Photos app: %w", err)
	}
	return folders, nil
}

// decodeSourceFolders decodes the initial-state value: base64 of JSON,
// either a string holding the JSON list (what the app sends) or the list
// itself.
func decodeSourceFolders(v string) ([]string, error) {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(v))
	if err != nil {
		return nil, lang.Errorf("the value is not base64: %v", err)
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		raw = []byte(s)
	}
	var folders []string
	if err := json.Unmarshal(raw, &folders); err != nil {
		return nil, lang.Errorf("the value is not a list of folders: %v", err)
	}
	return folders, nil
}

// InTimeline reports whether dir, a folder relative to the user's files
// root ("Photos/Google Photos"), is at or below one of the timeline folders
// (absolute, "/Photos"), and which.
func InTimeline(dir string, sources []string) (string, bool) {
	d := path.Clean("/" + strings.Trim(dir, "/"))
	for _, src := range sources {
		s := path.Clean("/" + strings.Trim(src, "/"))
		if s == "/" || d == s || strings.HasPrefix(d, s+"/") {
			return src, true
		}
	}
	return "", false
}
