package faults

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// recvBackend records the length of every request body it got, complete
// or cut.
type recvBackend struct {
	got chan int
}

func (b *recvBackend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n, _ := io.Copy(io.Discard, r.Body)
	b.got <- int(n)
	io.WriteString(w, "stored")
}

func TestUploadFaults(t *testing.T) {
	b := &recvBackend{got: make(chan int, 10)}
	backend := httptest.NewServer(b)
	defer backend.Close()
	p := New(t, backend.URL)
	body := bytes.Repeat([]byte("0123456789"), 100_000) // 1 MB: far beyond any buffer
	put := func(ctx context.Context) (int, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPut, p.URL+"/f", bytes.NewReader(body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err
		}
		resp.Body.Close()
		return resp.StatusCode, nil
	}
	received := func() int {
		select {
		case n := <-b.got:
			return n
		case <-time.After(5 * time.Second):
			t.Fatal("the server got nothing")
			return 0
		}
	}

	// Truncated: the server gets about half, the client an error.
	p.Inject(Method(http.MethodPut), Fault{Kind: TruncateUpload})
	if _, err := put(context.Background()); err == nil {
		t.Error("a truncated upload was answered")
	}
	if n := received(); n == 0 || n > len(body)/2 {
		t.Errorf("truncated: the server got %d bytes of %d", n, len(body))
	}

	// Held mid-upload, then released: the whole body arrives.
	p.Inject(Method(http.MethodPut), Fault{Kind: HoldMidUpload})
	done := make(chan int, 1)
	go func() { code, _ := put(context.Background()); done <- code }()
	if !p.Held(5 * time.Second) {
		t.Fatal("not held")
	}
	select {
	case <-done:
		t.Fatal("answered while held")
	case <-time.After(50 * time.Millisecond):
	}
	p.Release()
	if code := <-done; code != 200 {
		t.Errorf("released: %d", code)
	}
	if n := received(); n != len(body) {
		t.Errorf("released: the server got %d bytes of %d", n, len(body))
	}
	if !p.Idle(5 * time.Second) {
		t.Error("not idle")
	}
}

// A client that goes away during a held upload leaves the server with a
// truncated body.
func TestHoldMidUploadClientGone(t *testing.T) {
	b := &recvBackend{got: make(chan int, 10)}
	backend := httptest.NewServer(b)
	defer backend.Close()
	p := New(t, backend.URL)
	body := bytes.Repeat([]byte("x"), 1<<20)
	p.Inject(Any, Fault{Kind: HoldMidUpload})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPut, p.URL+"/f", bytes.NewReader(body))
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	if !p.Held(5 * time.Second) {
		t.Fatal("not held")
	}
	cancel()
	if err := <-done; err == nil {
		t.Error("no error after the client gave up")
	}
	select {
	case n := <-b.got:
		if n == 0 || n >= len(body) {
			t.Errorf("the server got %d bytes of %d", n, len(body))
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the server never saw the upload end")
	}
	if !p.Idle(5 * time.Second) {
		t.Error("not idle")
	}
	p.Release() // nothing is held any more
}

// HoldWhole: a released request reaches the server whole; the request of
// a client that went away never does.
func TestHoldWhole(t *testing.T) {
	b := &recvBackend{got: make(chan int, 10)}
	backend := httptest.NewServer(b)
	defer backend.Close()
	p := New(t, backend.URL)
	body := bytes.Repeat([]byte("x"), 1<<20)
	put := func(ctx context.Context, done chan<- error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPut, p.URL+"/f", bytes.NewReader(body))
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}

	p.Inject(Any, Fault{Kind: HoldWhole})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go put(ctx, done)
	if !p.Held(5 * time.Second) {
		t.Fatal("not held")
	}
	cancel()
	<-done
	if !p.Idle(5 * time.Second) {
		t.Fatal("not idle")
	}
	select {
	case n := <-b.got:
		t.Errorf("the server got %d bytes of a request whose client went away", n)
	case <-time.After(100 * time.Millisecond):
	}

	p.Inject(Any, Fault{Kind: HoldWhole})
	go put(context.Background(), done)
	if !p.Held(5 * time.Second) {
		t.Fatal("not held")
	}
	p.Release()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := <-b.got; n != len(body) {
		t.Errorf("released: the server got %d bytes of %d", n, len(body))
	}
}
