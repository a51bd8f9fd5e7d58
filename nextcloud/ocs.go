package nextcloud

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/takeback/takeback/internal/lang"
)

// Server talks to a Nextcloud's own APIs, beside DAV: status.php
// (status.go), OCS (capabilities.go, user.go, apppassword.go), Login Flow
// v2 (loginflow.go) and the Photos app's settings (photosconfig.go). Every
// OCS call sends OCS-APIRequest: true and asks for JSON
// (nextcloud-api.md §1).
type Server struct {
	base string // normalized address, no trailing "/"
	user string
	// auth sends the credentials; anon sends none, for what is public
	// (status.php, Login Flow).
	auth, anon *Client
}

// NewServer prepares requests to the Nextcloud at opts.Server, logging in
// with opts.User and opts.Password when given. It sends nothing yet.
func NewServer(opts Options) (*Server, error) {
	if strings.TrimSpace(opts.Server) == "" {
		return nil, lang.New("no Nextcloud address given")
	}
	o, err := Options{Server: opts.Server, User: opts.User, Password: opts.Password}.normalize()
	if err != nil {
		return nil, err
	}
	co := opts.clientOptions()
	return &Server{
		base: strings.TrimSuffix(o.Server, "/"),
		user: o.User,
		auth: NewClient(o.User, o.Password, co),
		anon: NewClient("", "", co),
	}, nil
}

// URL is the server's address, without a trailing "/".
func (s *Server) URL() string { return s.base }

// OCS status codes (lib/private/AppFramework/OCS/V1Response.php,
// V2Response.php; nextcloud-api.md §1 and §8).
const (
	ocsOKv1           = 100
	ocsOKv2           = 200
	ocsUnauthorised   = 997
	ocsNotFound       = 998
	ocsForbiddenV2    = 403
	ocsServerErrorV1  = 996
	ocsUnknownErrorV1 = 999
)

// OCSError is an OCS answer whose meta.statuscode is not a success.
type OCSError struct {
	HTTPStatus int
	Code       int    // meta.statuscode
	Message    string // meta.message, the server's words
	API        string // "cloud/user"
}

func (e *OCSError) Error() string { return e.Text().String() }

// Text is the error's message, to print in the reader's language; the
// server's own words stay as they are.
func (e *OCSError) Text() lang.Text {
	var what lang.Text
	switch {
	case e.Code == ocsUnauthorised || e.HTTPStatus == http.StatusUnauthorized:
		what = lang.T("the server says you are not logged in")
	case e.Code == ocsNotFound || e.HTTPStatus == http.StatusNotFound:
		what = lang.T("the server does not know this request")
	case e.Code == ocsForbiddenV2 || e.HTTPStatus == http.StatusForbidden:
		what = lang.T("the server refuses this request")
	case e.Code == ocsServerErrorV1 || e.Code == ocsUnknownErrorV1 || e.HTTPStatus >= 500:
		what = lang.T("the server had an internal error")
	default:
		what = lang.T("the server refused the request")
	}
	// Codes are passed as strings: a printer would group their digits.
	code, status := strconv.Itoa(e.Code), strconv.Itoa(e.HTTPStatus)
	m := shorten(strings.TrimSpace(e.Message), 300)
	withStatus := e.HTTPStatus != 0 && e.HTTPStatus != http.StatusOK
	switch {
	case withStatus && m != "":
		return lang.T("%v (%s: OCS code %s, HTTP %s): %s", what, e.API, code, status, m)
	case withStatus:
		return lang.T("%v (%s: OCS code %s, HTTP %s)", what, e.API, code, status)
	case m != "":
		return lang.T("%v (%s: OCS code %s): %s", what, e.API, code, m)
	}
	return lang.T("%v (%s: OCS code %s)", what, e.API, code)
}

// UnavailableError says that the server does not offer an API at all: the
// answer was not what a Nextcloud gives (another DAV server, a proxy's
// page, an app that is not enabled).
type UnavailableError struct {
	API    string    // "status.php", "OCS cloud/user"
	Answer lang.Text // what came instead, e.g. "404 Not Found"
	Status int       // the HTTP status of that answer; 0 when not known
}

// ServerError reports whether the answer was a server error (5xx): the
// server, or a proxy in front of it, is in trouble, rather than lacking
// the API.
func (e *UnavailableError) ServerError() bool { return e.Status >= 500 }

func (e *UnavailableError) Error() string { return e.Text().String() }

// Text is the error's message, to print in the reader's language.
func (e *UnavailableError) Text() lang.Text {
	return lang.T("the server does not offer %s (it answered %v)", e.API, e.Answer)
}

// IsUnavailable reports whether err says the server lacks the API, as
// opposed to refusing the request or being out of reach.
func IsUnavailable(err error) bool {
	var u *UnavailableError
	return errors.As(err, &u)
}

// ocsMeta is the meta part of every OCS answer.
type ocsMeta struct {
	Status     string  `json:"status"`
	StatusCode jsonInt `json:"statuscode"`
	Message    string  `json:"message"`
}

// maxOCSBody bounds what is read of an OCS answer.
const maxOCSBody = 4 << 20

// ocs sends an OCS request to path ("/ocs/v1.php/cloud/user") and decodes
// ocs.data into out (nil: ignored). The v1 API answers HTTP 200 for every
// outcome but 401, the v2 API maps OCS codes to HTTP statuses; both carry
// meta.statuscode, which decides (nextcloud-api.md §1). A 401 is a Fatal
// *AuthError from the client, never retried.
func (s *Server) ocs(ctx context.Context, c *Client, method, path string, out any) error {
	return s.ocsForm(ctx, c, method, path, nil, out)
}

// ocsForm is ocs with arguments: form, when not nil, is sent
// form-encoded as the body, as the provisioning API reads its POST
// arguments (nextcloud-api.md §8).
func (s *Server) ocsForm(ctx context.Context, c *Client, method, path string, form url.Values, out any) error {
	api := strings.TrimPrefix(strings.TrimPrefix(path, "/ocs/v1.php/"), "/ocs/v2.php/")
	if i := strings.IndexByte(api, '?'); i >= 0 {
		api = api[:i]
	}
	u := s.base + path
	if strings.Contains(u, "?") {
		u += "&format=json"
	} else {
		u += "?format=json"
	}
	var reqBody io.Reader
	if form != nil {
		reqBody = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, u, reqBody)
	if err != nil {
		return err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("OCS-APIRequest", "true")
	resp, body, err := exchangeJSON(c, req, api)
	if err != nil {
		return err
	}
	var env struct {
		OCS *struct {
			Meta *ocsMeta        `json:"meta"`
			Data json.RawMessage `json:"data"`
		} `json:"ocs"`
	}
	if json.Unmarshal(body, &env) != nil || env.OCS == nil || env.OCS.Meta == nil || !env.OCS.Meta.StatusCode.ok {
		return &UnavailableError{API: "OCS " + api, Answer: answerSummary(resp, body), Status: resp.StatusCode}
	}
	code := int(env.OCS.Meta.StatusCode.v)
	if (code != ocsOKv1 && code != ocsOKv2) || resp.StatusCode != http.StatusOK {
		return &OCSError{HTTPStatus: resp.StatusCode, Code: code, Message: env.OCS.Meta.Message, API: api}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(env.OCS.Data, out); err != nil {
		return lang.Errorf("the server's answer to %s is not what Nextcloud sends: %v", api, err)
	}
	return nil
}

// getJSON GETs path with c and decodes a JSON answer into out. Anything
// but a 200 with JSON is an *UnavailableError naming api.
func (s *Server) getJSON(ctx context.Context, c *Client, path, api string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.base+path, nil)
	if err != nil {
		return err
	}
	resp, body, err := exchangeJSON(c, req, api)
	if err != nil {
		return err
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		return &ThrottledError{Status: resp.StatusCode}
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, out) != nil {
		return &UnavailableError{API: api, Answer: answerSummary(resp, body), Status: resp.StatusCode}
	}
	return nil
}

// exchangeJSON sends req asking for JSON, and reads the answer's body, at
// most maxOCSBody; the body is closed.
func exchangeJSON(c *Client, req *http.Request, api string) (*http.Response, []byte, error) {
	req.Header.Set("Accept", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxOCSBody))
	if err != nil {
		return nil, nil, lang.Errorf("reading the server's answer to %s: %w", api, err)
	}
	return resp, body, nil
}

// answerSummary is a short description of an answer that was not what was
// expected: its status and, for text, its first line.
func answerSummary(resp *http.Response, body []byte) lang.Text {
	s := fmt.Sprintf("%d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	switch {
	case mt == "text/html":
		return lang.T("%s, a web page", s)
	case resp.StatusCode == http.StatusOK:
		return lang.T("%s, but not the expected JSON", s)
	}
	if l := firstLine(string(bytes.ToValidUTF8(body, nil))); l != "" && !strings.HasPrefix(l, "<") {
		s += ": " + shorten(l, 120)
	}
	return serverWords(s)
}

// serverWords is a text that is the server's, or the protocol's, own words
// ("404 Not Found"): the same in every language.
func serverWords(s string) lang.Text { return lang.T("%s", s) }

// jsonInt reads a JSON number, or a string holding one, as PHP may send
// either; ok is false for anything else (null, "none", absent).
type jsonInt struct {
	v  int64
	ok bool
}

func (n *jsonInt) UnmarshalJSON(b []byte) error {
	*n = jsonInt{}
	s := strings.Trim(strings.TrimSpace(string(b)), `"`)
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		*n = jsonInt{v, true}
	} else if f, err := strconv.ParseFloat(s, 64); err == nil && f >= -1<<62 && f <= 1<<62 {
		*n = jsonInt{int64(f), true}
	}
	return nil
}

// jsonFloat is jsonInt for fractions.
type jsonFloat struct {
	v  float64
	ok bool
}

func (n *jsonFloat) UnmarshalJSON(b []byte) error {
	*n = jsonFloat{}
	s := strings.Trim(strings.TrimSpace(string(b)), `"`)
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		*n = jsonFloat{f, true}
	}
	return nil
}

// object reads a JSON object as its members. PHP encodes an empty array as
// [] where an object is meant; that, and anything else that is not an
// object, gives an empty map.
func object(raw json.RawMessage) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return map[string]json.RawMessage{}
	}
	return m
}

// stringList reads a JSON list of strings, or an object whose values are
// strings (a PHP array with holes in its keys); other members are dropped.
func stringList(raw json.RawMessage) []string {
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		m := object(raw)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sortNumeric(keys)
		for _, k := range keys {
			list = append(list, m[k])
		}
	}
	var out []string
	for _, v := range list {
		var s string
		if json.Unmarshal(v, &s) == nil {
			out = append(out, s)
		}
	}
	return out
}

// sortNumeric sorts keys "0", "2", "10" by number; keys that are not
// numbers go last, by text.
func sortNumeric(keys []string) {
	sort.SliceStable(keys, func(i, j int) bool {
		a, aerr := strconv.Atoi(keys[i])
		b, berr := strconv.Atoi(keys[j])
		switch {
		case aerr == nil && berr == nil:
			return a < b
		case aerr == nil || berr == nil:
			return aerr == nil
		}
		return keys[i] < keys[j]
	})
}
