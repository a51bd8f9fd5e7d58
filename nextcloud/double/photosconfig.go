package double

import (
	"encoding/base64"
	"encoding/json"
	"html"
	"net/http"
	"strings"
)

// The Photos app's timeline folders, photosSourceFolders (nextcloud-api.md
// §5.2; nextcloud/photos lib/Service/UserConfigService.php, default
// ["/Photos"]). The app has no route that reads the setting, only
// PUT /apps/photos/api/v1/config/{key} (appinfo/routes.php), which the
// double does not simulate. Its page, GET /index.php/apps/photos/ (or
// /apps/photos/), carries it as initial state
// (lib/Controller/PageController.php): an
// <input type="hidden" id="initial-state-photos-photosSourceFolders"
// value="…"> whose value is the base64 of the JSON encoding of the stored
// string, itself a JSON list (core/templates/layout.user.php; PHP's
// json_encode escapes "/" as "\/"). The page needs a login; with the Photos
// app off it answers 404.

// SetPhotosSourceFolders sets the user's timeline folders ("/Photos").
func (s *Server) SetPhotosSourceFolders(folders ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sourceFolders = append([]string(nil), folders...)
}

func isPhotosPage(p string) bool {
	switch strings.TrimSuffix(p, "/") {
	case "/index.php/apps/photos", "/apps/photos":
		return true
	}
	return false
}

func (s *Server) servePhotosPage(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	enabled := s.photos
	folders := append([]string{}, s.sourceFolders...)
	s.mu.Unlock()
	if r.Method != http.MethodGet {
		notSimulated(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if !enabled {
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte("<!DOCTYPE html><title>Nextcloud</title><p>Page not found</p>"))
		return
	}
	list, _ := json.Marshal(folders) // the stored value: a JSON list, as a string
	state, _ := json.Marshal(string(list))
	value := strings.ReplaceAll(string(state), "/", `\/`)
	w.Write([]byte(`<!DOCTYPE html><html><head><title>Photos - Nextcloud</title></head><body>` + "\n" +
		`<input type="hidden" id="initial-state-photos-croppedLayout" value="` + b64(`"false"`) + `">` + "\n" +
		`<input type="hidden" id="initial-state-photos-photosSourceFolders" value="` + b64(value) + `">` + "\n" +
		`<input type="hidden" id="initial-state-photos-photosLocation" value="` + b64(`"\/Photos"`) + `">` + "\n" +
		`<div id="content"></div></body></html>` + "\n"))
}

func b64(s string) string {
	return html.EscapeString(base64.StdEncoding.EncodeToString([]byte(s)))
}
