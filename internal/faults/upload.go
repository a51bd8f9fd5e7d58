package faults

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
)

// Faults inside an upload: the server gets part of a request body
// (HoldMidUpload, TruncateUpload). These requests are passed on by the
// proxy itself rather than by its ReverseProxy, so that it controls when
// the body stops.

var (
	errClientGone = errors.New("faults: the client went away during a held upload")
	errTruncated  = errors.New("faults: upload truncated")
)

// holdMidUpload serves HoldMidUpload.
func (p *Proxy) holdMidUpload(w http.ResponseWriter, r *http.Request) {
	// Reading the body to its end makes the server watch the connection,
	// so r.Context() ends when the client goes away.
	body, err := io.ReadAll(r.Body)
	if err != nil {
		hangUp(w)
		return
	}
	half := len(body) / 2
	pr, pw := io.Pipe()
	forwarded := make(chan struct{})
	go func() {
		if _, err := pw.Write(body[:half]); err != nil {
			return
		}
		p.holding <- struct{}{}
		select {
		case <-p.held:
			if _, err := pw.Write(body[half:]); err == nil {
				pw.Close()
			}
		case <-r.Context().Done():
			pw.CloseWithError(errClientGone)
		case <-forwarded:
		}
	}()
	resp, err := p.roundTrip(r.Context(), r, pr, int64(len(body)))
	close(forwarded)
	pr.CloseWithError(errTruncated)
	if err != nil {
		hangUp(w)
		return
	}
	copyResponse(w, resp)
}

// holdWhole serves HoldWhole.
func (p *Proxy) holdWhole(w http.ResponseWriter, r *http.Request) {
	// Reading the body to its end makes the server watch the connection,
	// so r.Context() ends when the client goes away.
	body, err := io.ReadAll(r.Body)
	if err != nil {
		hangUp(w)
		return
	}
	p.holding <- struct{}{}
	select {
	case <-p.held:
	case <-r.Context().Done():
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	p.rp.ServeHTTP(w, r)
}

// truncateUpload serves TruncateUpload.
func (p *Proxy) truncateUpload(w http.ResponseWriter, r *http.Request) {
	n := r.ContentLength / 2
	half, err := io.ReadAll(io.LimitReader(r.Body, n))
	if err != nil {
		hangUp(w)
		return
	}
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	pr, pw := io.Pipe()
	go func() {
		if _, err := pw.Write(half); err == nil {
			pw.CloseWithError(errTruncated)
		}
	}()
	resp, err := p.roundTrip(ctx, r, pr, r.ContentLength)
	pr.CloseWithError(errTruncated)
	if err == nil {
		// The server answered before the body ended: it did not wait for
		// the rest. Still, the client gets no answer.
		resp.Body.Close()
	}
	hangUp(w)
}

// roundTrip sends r to the target with body, of length bytes, in place of
// its own.
func (p *Proxy) roundTrip(ctx context.Context, r *http.Request, body io.Reader, length int64) (*http.Response, error) {
	out := r.Clone(ctx)
	out.RequestURI = ""
	out.URL.Scheme, out.URL.Host = p.target.Scheme, p.target.Host
	if prefix := strings.TrimSuffix(p.target.Path, "/"); prefix != "" {
		out.URL.Path = prefix + r.URL.Path
		if r.URL.RawPath != "" {
			out.URL.RawPath = prefix + r.URL.RawPath
		}
	}
	out.Body = io.NopCloser(body)
	out.ContentLength = length
	out.Close = true
	return http.DefaultTransport.RoundTrip(out)
}

// copyResponse passes the server's answer on to the client.
func copyResponse(w http.ResponseWriter, resp *http.Response) {
	defer resp.Body.Close()
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	io.Copy(w, resp.Body)
}
