package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/takeback/takeback/batch"
	"github.com/takeback/takeback/internal/lang"
)

func TestBatchProgress(t *testing.T) {
	// Off a terminal: plain lines, no control characters.
	var plain bytes.Buffer
	b := newBatchProgressOn(&plain, lang.English, 2, false)
	b.log(lang.T("ann: account created"))
	b.items("ann", 1, 3)
	b.items("ann", 2, 3) // within 5 s of the last line: not printed
	b.items("ann", 3, 3)
	b.done(batch.Row{UserID: "ann", Account: batch.AccountCreated}, 1, 2)
	b.done(batch.Row{UserID: "bob", Account: batch.AccountFailed, Err: lang.T("x")}, 2, 2)
	b.finish()
	want := "ann: account created\nann: 1 of 3 items\nann: 3 of 3 items\nann: done (1 of 2 people)\nbob: failed (2 of 2 people)\n"
	if plain.String() != want {
		t.Errorf("plain lines:\n%s\nwant\n%s", plain.String(), want)
	}

	// On a terminal: bars, with the messages above them.
	var tty bytes.Buffer
	b = newBatchProgressOn(&tty, lang.English, 2, true)
	b.log(lang.T("ann: account created"))
	b.items("ann", 1, 2)
	b.items("ann", 2, 2)
	b.done(batch.Row{UserID: "ann", Account: batch.AccountCreated}, 1, 2)
	b.items("bob", 1, 5) // bob's import stops short
	b.done(batch.Row{UserID: "bob", Account: batch.AccountCreated, Err: lang.T("stopped")}, 2, 2)
	b.finish() // returns: every bar is ended
	out := tty.String()
	for _, s := range []string{"People done", "2 of 2", "ann: account created"} {
		if !strings.Contains(out, s) {
			t.Errorf("the terminal output lacks %q:\n%q", s, out)
		}
	}
}
