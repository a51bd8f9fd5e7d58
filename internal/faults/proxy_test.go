package faults

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestProxyFaults(t *testing.T) {
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, strings.Repeat("x", 1000))
	}))
	defer backend.Close()
	p := New(t, backend.URL)
	get := func() (int, int, error) {
		resp, err := http.Get(p.URL + "/f")
		if err != nil {
			return 0, 0, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, len(b), err
	}
	p.Inject(Any, Fault{Kind: Reset}, Fault{Kind: Status, Code: 503, RetryAfter: "1"}, Fault{Kind: CutBody}, Fault{Kind: Slow, Delay: 50 * time.Millisecond})
	tests := []struct {
		name    string
		wantErr bool
		code, n int
	}{
		{"reset", true, 0, 0},
		{"503", false, 503, -1},
		{"cut body", true, 200, -1},
		{"slow", false, 200, 1000},
		{"passes", false, 200, 1000},
	}
	for _, tt := range tests {
		code, n, err := get()
		if (err != nil) != tt.wantErr || (tt.code != 0 && code != tt.code) || (tt.n >= 0 && n != tt.n) {
			t.Errorf("%s: code %d, %d bytes, err %v", tt.name, code, n, err)
		}
	}
	if p.Injected() != 4 || p.Requests() != 5 {
		t.Errorf("injected %d of %d requests", p.Injected(), p.Requests())
	}

	p.Inject(Any, Fault{Kind: Hold})
	done := make(chan int)
	go func() { code, _, _ := get(); done <- code }()
	if !p.Held(2 * time.Second) {
		t.Fatal("the request was not held")
	}
	select {
	case <-done:
		t.Fatal("a held request was answered")
	case <-time.After(50 * time.Millisecond):
	}
	p.Release()
	if code := <-done; code != 200 {
		t.Errorf("released request: %d", code)
	}
}
