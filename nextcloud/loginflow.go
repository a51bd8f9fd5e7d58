package nextcloud

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/takeback/takeback/importers"

	"github.com/takeback/takeback/internal/lang"
)

// Login Flow v2 (nextcloud-api.md §2.2; doc LoginFlow/index.rst, code
// core/Controller/ClientFlowLoginV2Controller.php): the user logs in in a
// browser, two-factor authentication included, and the program receives an
// app password. No password is ever typed into the terminal.

// Defaults of a LoginFlow.
const (
	// LoginFlowLifetime is how long the server keeps a flow: 1200 s.
	LoginFlowLifetime = 20 * time.Minute
	// DefaultPollInterval is the wait between two polls.
	DefaultPollInterval = 2 * time.Second
	// maxPollFailures ends the flow after that many failed polls in a row
	// (network errors, 5xx); fewer are tried again.
	maxPollFailures = 10
)

// LoginFlow is a started Login Flow v2.
type LoginFlow struct {
	// LoginURL is the page the user opens in a browser.
	LoginURL string
	// Interval is the wait between polls (DefaultPollInterval); Deadline is
	// when polling gives up (start + LoginFlowLifetime). Both may be
	// changed before Poll.
	Interval time.Duration
	Deadline time.Time

	token    string // the poll token: secret, never shown
	endpoint string
	client   *Client
}

// LoginResult is what the server hands over once the user has logged in.
type LoginResult struct {
	// Server is the address the server gives for itself.
	Server string
	// LoginName is what the user logged in with: a user name or an e-mail
	// address, not necessarily the user ID (see CurrentUser).
	LoginName   string
	AppPassword string
}

// StartLogin starts Login Flow v2 at server: an anonymous
// POST /index.php/login/v2 whose User-Agent becomes the app password's
// name in the user's security settings. A throttling server gives a
// *ThrottledError saying when to try again.
func StartLogin(ctx context.Context, server, userAgent string) (*LoginFlow, error) {
	return startLogin(ctx, server, ClientOptions{UserAgent: userAgent})
}

func startLogin(ctx context.Context, server string, co ClientOptions) (*LoginFlow, error) {
	u, _, _, err := parseAddress(server)
	if err != nil {
		return nil, lang.Errorf("the server address: %w", err)
	}
	c := NewClient("", "", co)
	start := strings.TrimSuffix(u.String(), "/") + "/index.php/login/v2"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, start, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return nil, loginError(err, u.String())
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, loginStatusError(resp)
	}
	var data struct {
		Poll struct {
			Token    string `json:"token"`
			Endpoint string `json:"endpoint"`
		} `json:"poll"`
		Login string `json:"login"`
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if json.Unmarshal(body, &data) != nil || data.Poll.Token == "" || data.Poll.Endpoint == "" || data.Login == "" {
		return nil, &UnavailableError{API: "Login Flow v2 (/index.php/login/v2)", Answer: answerSummary(resp, body), Status: resp.StatusCode}
	}
	for _, a := range []string{data.Poll.Endpoint, data.Login} {
		if p, err := url.Parse(a); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return nil, lang.New("the server's answer to the login request holds an address that is not http(s)")
		}
	}
	return &LoginFlow{
		LoginURL: data.Login,
		Interval: DefaultPollInterval,
		Deadline: time.Now().Add(LoginFlowLifetime),
		token:    data.Poll.Token,
		endpoint: data.Poll.Endpoint,
		client:   c,
	}, nil
}

// ErrLoginExpired is Poll's error when the user did not finish in time.
var ErrLoginExpired = lang.New("the login was not completed within 20 minutes; run the login again")

// Poll waits until the user has logged in: it POSTs the poll token to the
// endpoint the server gave, verbatim, every Interval. The server answers
// 404 until the login is done, then 200 once with the app password.
func (f *LoginFlow) Poll(ctx context.Context) (*LoginResult, error) {
	failures := 0
	for {
		if !time.Now().Before(f.Deadline) {
			return nil, ErrLoginExpired
		}
		res, done, err := f.pollOnce(ctx)
		switch {
		case done:
			return res, nil
		case err == nil:
			failures = 0
		case ctx.Err() != nil:
			return nil, ctx.Err()
		case importers.IsFatal(err) || isThrottled(err):
			return nil, err
		default:
			if failures++; failures >= maxPollFailures {
				return nil, lang.Errorf("waiting for the login: %w", err)
			}
		}
		wait := min(f.Interval, time.Until(f.Deadline))
		if err := sleep(ctx, max(wait, 0)); err != nil {
			return nil, err
		}
	}
}

// pollOnce asks once: done with the result, not done (404), or an error.
func (f *LoginFlow) pollOnce(ctx context.Context) (*LoginResult, bool, error) {
	form := url.Values{"token": {f.token}}.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, f.endpoint, strings.NewReader(form))
	if err != nil {
		return nil, false, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, false, loginError(scrubSecrets(err, f.token), f.endpoint)
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusNotFound:
		discard(resp)
		return nil, false, nil
	case http.StatusOK:
	default:
		return nil, false, loginStatusError(resp)
	}
	var r struct {
		Server      string `json:"server"`
		LoginName   string `json:"loginName"`
		AppPassword string `json:"appPassword"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&r); err != nil || r.LoginName == "" || r.AppPassword == "" {
		// The 200 comes only once: there is no asking again.
		return nil, false, importers.Fatal(lang.New("the server's answer to the finished login is not what Nextcloud sends; run the login again"))
	}
	return &LoginResult{Server: r.Server, LoginName: r.LoginName, AppPassword: r.AppPassword}, true, nil
}

func isThrottled(err error) bool {
	var te *ThrottledError
	return errors.As(err, &te)
}

// loginError explains errors of the login requests: a connection that
// failed (no answer, a bad certificate) in plain words.
func loginError(err error, address string) error {
	if importers.IsFatal(err) || isThrottled(err) || errors.Is(err, context.Canceled) {
		return err
	}
	return &explainedError{text: explainConnection(err, address), err: err}
}

// explainedError is an error told in plain words, still wrapping it.
type explainedError struct {
	text lang.Text
	err  error
}

func (e *explainedError) Error() string { return e.text.String() }
func (e *explainedError) Unwrap() error { return e.err }

// Text is the error's message, to print in the reader's language.
func (e *explainedError) Text() lang.Text { return e.text }

// loginStatusError explains an unexpected answer to a login request.
func loginStatusError(resp *http.Response) error {
	if resp.StatusCode == http.StatusTooManyRequests {
		discard(resp)
		return &ThrottledError{Status: resp.StatusCode}
	}
	return lang.Errorf("the server answered the login request with %s", readProblem(resp))
}
