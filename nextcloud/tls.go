package nextcloud

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/takeback/takeback/internal/lang"
)

// Transport security:
//   - Certificates are verified, against the system's authorities and, with
//     ClientOptions.CAFile, those of a PEM file too (a self-hosted CA).
//   - ClientOptions.Insecure skips the verification. The command line prints
//     InsecureWarning on every run that uses it.
//   - Credentials never go over plain http:// to a host other than this
//     computer (127.0.0.0/8, ::1, localhost) unless ClientOptions.AllowHTTP
//     is set: such a request fails with a *PlainHTTPError, made Fatal,
//     before anything is sent.
//   - A redirect to another origin (scheme, host or port) drops the
//     Authorization header. Go's client drops it only when the host name
//     changes, so http.go's checkRedirect strips it itself.
//   - A certificate that is not accepted fails the request at once, with a
//     *CertificateError made Fatal: trying again cannot help.

// InsecureWarning is what the command line prints, on standard error, on
// every run with --insecure.
var InsecureWarning = lang.T("warning: --insecure: the server's certificate is not checked; anyone on the network could read your password")

// maxCAFile bounds the size of a CA file: a bundle of every public
// authority is about 200 KB.
const maxCAFile = 4 << 20

// LoadCAFile reads the PEM certificates in path and returns the system's
// authorities with them added. A file that cannot be read, or holds no
// certificate, is an error naming it.
func LoadCAFile(path string) (*x509.CertPool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, lang.Errorf("the CA file: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxCAFile+1))
	if err != nil {
		return nil, lang.Errorf("the CA file: %w", err)
	}
	if len(data) > maxCAFile {
		return nil, lang.Errorf("the CA file %s is larger than %v: it is not a certificate file", path, lang.Size(maxCAFile))
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	found := 0
	for rest := data; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, lang.Errorf("the CA file %s holds a certificate that cannot be read: %v", path, err)
		}
		pool.AddCert(cert)
		found++
	}
	if found == 0 {
		return nil, lang.Errorf("the CA file %s holds no certificate in PEM form (a block starting with -----BEGIN CERTIFICATE-----)", path)
	}
	return pool, nil
}

// newTransport is the transport a Client uses: o.Transport, or a copy of
// http.DefaultTransport, with the TLS settings of o. A transport of the
// caller's that is not an *http.Transport is used as it is: it does its own
// TLS. A CA file that cannot be used is an error either way.
func newTransport(o ClientOptions) (http.RoundTripper, error) {
	var pool *x509.CertPool
	if o.CAFile != "" && !o.Insecure {
		var err error
		if pool, err = LoadCAFile(o.CAFile); err != nil {
			return nil, err
		}
	}
	var t *http.Transport
	switch tr := o.Transport.(type) {
	case nil:
		t = http.DefaultTransport.(*http.Transport).Clone()
		// Go keeps 2 idle connections per host by default: with more
		// uploads at once, each would open a new one.
		t.MaxIdleConnsPerHost = DefaultConnections
		if o.Connections > 0 {
			t.MaxIdleConnsPerHost = o.Connections
		}
	case *http.Transport:
		if pool == nil && !o.Insecure {
			return tr, nil
		}
		t = tr.Clone()
	default:
		return tr, nil
	}
	if pool == nil && !o.Insecure {
		return t, nil
	}
	cfg := t.TLSClientConfig
	if cfg == nil {
		cfg = &tls.Config{}
	} else {
		cfg = cfg.Clone()
	}
	if o.Insecure {
		cfg.InsecureSkipVerify = true
	} else {
		cfg.RootCAs = pool
	}
	t.TLSClientConfig = cfg
	return t, nil
}

// PlainHTTPError refuses to send credentials over http:// to another
// computer.
type PlainHTTPError struct {
	Host string // host[:port]
}

func (e *PlainHTTPError) Error() string { return e.Text().String() }

// Text is the error's message, to print in the reader's language.
func (e *PlainHTTPError) Text() lang.Text {
	return lang.T("refusing to send your password over plain http:// to %s: anyone on the network could read it. "+
		"Use the server's https:// address; if this network is private and trusted, pass --allow-http", e.Host)
}

// loopbackHost reports whether host (without port) is this computer:
// 127.0.0.0/8, ::1 or localhost.
func loopbackHost(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	if h == "localhost" {
		return true
	}
	if i := strings.IndexByte(h, '%'); i >= 0 { // an IPv6 zone
		h = h[:i]
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// plainHTTP is the error for sending credentials to u, nil when that is
// allowed.
func plainHTTP(u *url.URL, allow bool) error {
	if allow || u == nil || !strings.EqualFold(u.Scheme, "http") || loopbackHost(u.Hostname()) {
		return nil
	}
	return &PlainHTTPError{Host: u.Host}
}

// CertificateError is a server certificate that was not accepted.
type CertificateError struct {
	Host string
	Err  error // the TLS error
}

func (e *CertificateError) Error() string { return e.Text().String() }

// Text is the error's message, to print in the reader's language: doctor.go's
// words, so that every command explains it alike.
func (e *CertificateError) Text() lang.Text {
	msg := explainConnection(e.Err, "https://"+e.Host)
	var unknownCA x509.UnknownAuthorityError
	if errors.As(e.Err, &unknownCA) {
		return lang.T("%v; if the server uses a certificate authority of your own, give its certificate with --ca-file FILE", msg)
	}
	return msg
}

func (e *CertificateError) Unwrap() error { return e.Err }

// certificateError is err as a *CertificateError when it is one about the
// server's certificate, else nil.
func certificateError(err error, u *url.URL) error {
	var (
		ve        *tls.CertificateVerificationError
		unknownCA x509.UnknownAuthorityError
		hostname  x509.HostnameError
		invalid   x509.CertificateInvalidError
	)
	if errors.As(err, &ve) || errors.As(err, &unknownCA) || errors.As(err, &hostname) || errors.As(err, &invalid) {
		return &CertificateError{Host: u.Host, Err: err}
	}
	return nil
}

// origin is scheme://host:port with the default port filled in, in lower
// case: two URLs with the same origin are the same server.
func origin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		switch scheme {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return scheme + "://" + net.JoinHostPort(strings.TrimSuffix(strings.ToLower(u.Hostname()), "."), port)
}
