package double

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
)

// Login Flow v2, as nextcloud-api.md §2.2 describes it (doc
// LoginFlow/index.rst; core/Controller/ClientFlowLoginV2Controller.php):
//   - an anonymous POST /index.php/login/v2 starts a flow and answers
//     {poll: {token, endpoint}, login}; the request's User-Agent would name
//     the app password (Requests records it);
//   - the endpoint is <server>/login/v2/poll, without index.php, as a
//     server with pretty URLs gives it, so a client that rebuilds it from
//     the start address instead of using it verbatim fails;
//   - POST to the endpoint with the form field token answers 404 (with [])
//     until the login is done, then 200 once with {server, loginName,
//     appPassword}, then 404 again;
//   - GET on the login address answers a placeholder page: the browser
//     part is not simulated. ApproveLogin stands for the user logging in.
//
// Flows do not expire here (they do after 20 minutes on a real server).

type loginFlow struct {
	loginToken  string
	appPassword string // set once approved
}

// ApproveLogin stands for the user finishing the login in the browser, for
// the flow started last: its next poll answers 200, once. It returns the
// new app password, which the double then accepts with the login name; ""
// when no flow is waiting.
func (s *Server) ApproveLogin() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.flows[s.lastFlow]
	if f == nil || f.appPassword != "" {
		return ""
	}
	f.appPassword = "app-" + randomHex(24)
	s.appPasswords[f.appPassword] = true
	return f.appPassword
}

// LoginFlowsStarted counts the flows started so far.
func (s *Server) LoginFlowsStarted() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.flowsStarted
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// serveLoginFlow answers the Login Flow v2 addresses; false for others.
func (s *Server) serveLoginFlow(w http.ResponseWriter, r *http.Request) bool {
	p := r.URL.Path
	switch {
	case p == "/index.php/login/v2" || p == "/login/v2":
		if r.Method != http.MethodPost {
			http.Error(w, "Method Not Allowed", http.StatusMethodNotAllowed)
			return true
		}
		poll, login := randomHex(32), randomHex(32)
		s.mu.Lock()
		s.flows[poll] = &loginFlow{loginToken: login}
		s.lastFlow = poll
		s.flowsStarted++
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{
			"poll":  map[string]string{"token": poll, "endpoint": s.URL + "/login/v2/poll"},
			"login": s.URL + "/login/v2/flow/" + login,
		})
	case p == "/login/v2/poll" || p == "/index.php/login/v2/poll":
		if r.Method != http.MethodPost {
			http.Error(w, "Method Not Allowed", http.StatusMethodNotAllowed)
			return true
		}
		token := r.PostFormValue("token")
		s.mu.Lock()
		f := s.flows[token]
		done := f != nil && f.appPassword != ""
		if done {
			delete(s.flows, token)
		}
		s.mu.Unlock()
		if !done {
			writeJSON(w, http.StatusNotFound, []any{})
			return true
		}
		writeJSON(w, http.StatusOK, map[string]string{"server": s.URL, "loginName": s.Login, "appPassword": f.appPassword})
	case strings.HasPrefix(p, "/login/v2/flow/") || strings.HasPrefix(p, "/index.php/login/v2/flow/"):
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<!DOCTYPE html><title>Nextcloud</title><p>Log in to connect takeback to your account (not simulated).</p>"))
	default:
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
