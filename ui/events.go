package ui

import (
	"encoding/json"
	"net/http"
	"time"
)

// eventsEvery bounds how often the page is told of changes: an import
// ends many items a second.
const eventsEvery = 150 * time.Millisecond

// events streams the session's view, whole, at each change
// (Server-Sent Events), starting with the current one.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	p := s.printer(r)
	changed := s.sess.subscribe()
	defer s.sess.unsubscribe(changed)
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	for {
		data, err := json.Marshal(s.view(p))
		if err != nil {
			return
		}
		w.Write([]byte("data: "))
		w.Write(data)
		w.Write([]byte("\n\n"))
		flusher.Flush()
		select {
		case <-changed:
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		}
		select {
		case <-time.After(eventsEvery):
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		}
	}
}
