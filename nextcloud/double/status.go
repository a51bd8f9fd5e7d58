package double

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// status.php, maintenance mode and throttling, as nextcloud-api.md §1 and
// §2.3 describe them:
//   - GET /status.php answers anonymously with installed, maintenance,
//     needsDbUpgrade, version, versionstring, edition, productname and
//     extendedSupport. It answers 200 in maintenance mode too, with
//     "maintenance": true: status.php reads the flag from the system config
//     and does not run the maintenance check that other entry points run
//     (nextcloud/server status.php).
//   - In maintenance mode every other request answers 503 with
//     X-Nextcloud-Maintenance-Mode: 1 (doc client_apis/general.rst) and
//     Retry-After: 120 (lib/base.php, checkMaintenanceMode). The
//     /.well-known redirects are web-server rules and still answer.
//   - Throttle makes the next requests answer 429 Too Many Requests, as
//     brute-force protection does after too many failed logins (§2.3),
//     with a Retry-After header when asked; whether Nextcloud itself sends
//     Retry-After there is (unverified).

// Version is the version the double reports.
const (
	Version       = "30.0.1.2"
	VersionString = "30.0.1"
)

// SetMaintenance turns maintenance mode on or off.
func (s *Server) SetMaintenance(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.maintenance = on
}

// Throttle makes the next n requests answer 429, with Retry-After in
// whole seconds when retryAfter is positive.
func (s *Server) Throttle(n int, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.throttle, s.throttleWait = n, retryAfter
}

// serveEarly answers what comes before authentication: throttling,
// status.php, maintenance mode, Login Flow v2 and anonymous OCS. It
// reports whether it answered.
func (s *Server) serveEarly(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	throttled := s.throttle > 0
	wait := s.throttleWait
	if throttled {
		s.throttle--
	}
	maintenance := s.maintenance
	s.mu.Unlock()

	switch {
	case throttled:
		if wait > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(int((wait+time.Second-1)/time.Second)))
		}
		http.Error(w, "Too Many Requests", http.StatusTooManyRequests)
	case r.URL.Path == "/status.php":
		s.serveStatus(w, r, maintenance)
	case maintenance:
		w.Header().Set("X-Nextcloud-Maintenance-Mode", "1")
		w.Header().Set("Retry-After", "120")
		http.Error(w, "Service Unavailable: maintenance mode", http.StatusServiceUnavailable)
	case s.serveLoginFlow(w, r): // loginflow.go
	case s.serveAnonymousOCS(w, r): // ocs.go
	default:
		return false
	}
	return true
}

func (s *Server) serveStatus(w http.ResponseWriter, r *http.Request, maintenance bool) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "Method Not Allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	json.NewEncoder(w).Encode(map[string]any{
		"installed":       true,
		"maintenance":     maintenance,
		"needsDbUpgrade":  false,
		"version":         Version,
		"versionstring":   VersionString,
		"edition":         "",
		"productname":     "Nextcloud",
		"extendedSupport": false,
	})
}
