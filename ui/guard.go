package ui

import (
	"crypto/subtle"
	"net/http"
	"strings"
)

// tokenHeader carries the token on the page's own requests; EventSource,
// frames and links carry it in the query instead.
const tokenHeader = "X-Takeback-Token"

// guard lets through only the requests of this session's page: they name
// this server as Host (a DNS-rebinding page names its own), carry the
// token, and come from this origin or none. A POST must also show that the
// page sent it: its Origin, or the token in the header, which no form of
// another site can set.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'") //lang:data
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-store")
		h.Set("Cross-Origin-Opener-Policy", "same-origin-allow-popups")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")

		origin := r.Header.Get("Origin")
		header := r.Header.Get(tokenHeader)
		ok := s.ownHost(r.Host) &&
			(origin == "" || s.ownOrigin(origin)) &&
			r.Header.Get("Sec-Fetch-Site") != "cross-site" &&
			(s.isToken(header) || header == "" && s.isToken(r.URL.Query().Get("token"))) &&
			(r.Method == http.MethodGet || r.Method == http.MethodHead || s.ownOrigin(origin) || s.isToken(header))
		if !ok {
			h.Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusForbidden)
			s.printer(r).Fprintf(w, "This page opens only from the address takeback printed when it started, token included.\n")
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) isToken(t string) bool {
	return t != "" && subtle.ConstantTimeCompare([]byte(t), []byte(s.token)) == 1
}

func (s *Server) ownHost(host string) bool {
	return host == "127.0.0.1:"+s.port || strings.EqualFold(host, "localhost:"+s.port)
}

func (s *Server) ownOrigin(origin string) bool {
	return origin == "http://127.0.0.1:"+s.port || strings.EqualFold(origin, "http://localhost:"+s.port) //lang:data
}
