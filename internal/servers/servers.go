// Package servers starts real DAV servers for tests: Radicale (CalDAV and
// CardDAV) and rclone's WebDAV server. Each listens on 127.0.0.1 on a free
// port, keeps its data in the test's temporary directory and stops when the
// test ends. A missing binary fails the test: CI must install it, never skip.
package servers

import (
	"bytes"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// startTimeout bounds how long a server may take to answer.
const startTimeout = 15 * time.Second

// process is a started server.
type process struct {
	cmd  *exec.Cmd
	out  *Output
	done chan struct{} // closed when the process has exited
	err  error         // Wait's result, valid once done is closed
}

// Output collects a child process's output, written and read from several
// goroutines while it runs.
type Output struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *Output) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *Output) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// requireBinary fails the test when bin is missing, saying how to install it.
func requireBinary(t testing.TB, bin, pkg string) {
	t.Helper()
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("%s is missing (%v); install it with: apt-get install -y %s", bin, err, pkg)
	}
}

// freeAddr returns a 127.0.0.1 address with a port nobody listens on now.
func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("finding a free port: %v", err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// cleanEnv is the environment without Python settings that could make the
// system's Python load modules from somewhere else.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "PYTHON") || strings.HasPrefix(kv, "PYENV") {
			continue
		}
		env = append(env, kv)
	}
	return env
}

// start runs bin with args and waits until url answers any HTTP request.
// It returns false, with the output so far, when the process exited first
// (usually because another process took the port).
func start(t testing.TB, url, bin string, args ...string) (*process, bool) {
	t.Helper()
	p := &process{out: &Output{}, done: make(chan struct{})}
	p.cmd = exec.Command(bin, args...)
	p.cmd.Env = cleanEnv()
	p.cmd.Stdout = p.out
	p.cmd.Stderr = p.out
	p.cmd.SysProcAttr = ownGroup()
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()

	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(startTimeout)
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			return p, false
		default:
		}
		resp, err := client.Get(url)
		if err == nil {
			resp.Body.Close()
			return p, true
		}
		time.Sleep(50 * time.Millisecond)
	}
	p.stop()
	t.Fatalf("%s did not answer at %s within %v; its output:\n%s", bin, url, startTimeout, p.out.String())
	return nil, false
}

// stop ends the process: politely first, then by force.
func (p *process) stop() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// run starts the server, trying a few ports in case another process takes
// the one chosen between the check and the start. args gets the address.
func run(t testing.TB, name, bin string, args func(addr string) []string) (string, *process) {
	t.Helper()
	var last *process
	for try := 0; try < 3; try++ {
		addr := freeAddr(t)
		url := "http://" + addr
		p, ok := start(t, url, bin, args(addr)...)
		if ok {
			t.Cleanup(func() {
				p.stop()
				if t.Failed() {
					if s := strings.TrimSpace(p.out.String()); s != "" {
						t.Logf("%s output:\n%s", name, s)
					}
				}
			})
			return url, p
		}
		last = p
	}
	t.Fatalf("%s exited before answering (%v); its output:\n%s", name, last.err, last.out.String())
	return "", nil
}
