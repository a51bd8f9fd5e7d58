package lang

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
)

// nbsp is the no-break space French puts between groups of digits.
const nbsp = "\u00a0"

// withEntries adds messages to the catalogue for one test. They leave the
// completeness test's lists afterwards (the x/text catalogue keeps them, but
// their keys start with "lang test" and no code says that).
func withEntries(t *testing.T, c Catalogue, ps Plurals) {
	t.Helper()
	add(c)
	addPlurals(ps)
	t.Cleanup(func() {
		for k := range c {
			delete(french, k)
		}
		for k := range ps {
			delete(plurals, k)
		}
	})
}

func TestPrinter(t *testing.T) {
	withEntries(t, Catalogue{
		"lang test: %s is ready":                "lang test : %s est prêt",
		"lang test: %[1]s into %[2]s":           "lang test : dans %[2]s, %[1]s",
		"lang test: the file %s is damaged: %w": "lang test : le fichier %s est abîmé : %w",
	}, nil)
	fr := NewPrinter("fr_FR.UTF-8")
	tests := []struct {
		p      *Printer
		format string
		args   []any
		want   string
	}{
		{English, "lang test: %s is ready", []any{"Alice"}, "lang test: Alice is ready"},
		{fr, "lang test: %s is ready", []any{"Alice"}, "lang test : Alice est prêt"},
		{fr, "lang test: %[1]s into %[2]s", []any{"photos", "Photos"}, "lang test : dans Photos, photos"},
		// A message the catalogue lacks is printed in English.
		{fr, "lang test: not translated %s", []any{"x"}, "lang test: not translated x"},
		// Numbers are grouped the language's way.
		{English, "%d", []any{1234567}, "1,234,567"},
		{fr, "%d", []any{1234567}, "1" + nbsp + "234" + nbsp + "567"},
		{English, "%d", []any{999}, "999"},
		// %w prints like %v outside Errorf, translated all the same.
		{fr, "lang test: the file %s is damaged: %w", []any{"a.ics", errors.New("EOF")}, "lang test : le fichier a.ics est abîmé : EOF"},
	}
	for _, tt := range tests {
		if got := tt.p.Sprintf(tt.format, tt.args...); got != tt.want {
			t.Errorf("%s: Sprintf(%q) = %q, want %q", tt.p.Code(), tt.format, got, tt.want)
		}
	}
	var b strings.Builder
	if _, err := fr.Fprintf(&b, "lang test: %s is ready", "Bob"); err != nil || b.String() != "lang test : Bob est prêt" {
		t.Errorf("Fprintf wrote %q, %v", b.String(), err)
	}
	for code, want := range map[string]string{"fr": "fr", "FR": "fr", "fr-CA": "fr", "fr_BE.UTF-8": "fr", "en_GB": "en", "de": "en", "": "en", "french": "en"} {
		if got := NewPrinter(code).Code(); got != want {
			t.Errorf("NewPrinter(%q).Code() = %q, want %q", code, got, want)
		}
	}
}

func TestErrorf(t *testing.T) {
	withEntries(t, Catalogue{
		"lang test: cannot open %s: %w": "lang test : impossible d’ouvrir %s : %w",
		"lang test: the server is gone": "lang test : le serveur a disparu",
		"lang test: first %v, then %v":  "lang test : d’abord %v, puis %v",
	}, nil)
	fr := NewPrinter("fr")
	errGone := New("lang test: the server is gone")
	err := Errorf("lang test: cannot open %s: %w", "a.zip", fs.ErrNotExist)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Error("errors.Is does not see the wrapped error")
	}
	var le *Error
	if !errors.As(err, &le) || le.Text().String() != err.Error() {
		t.Errorf("errors.As: %v, %v", le, err)
	}
	if got, want := err.Error(), "lang test: cannot open a.zip: file does not exist"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if got, want := fr.Error(err), "lang test : impossible d’ouvrir a.zip : file does not exist"; got != want {
		t.Errorf("in French: %q, want %q", got, want)
	}
	// Only %w wraps, as with fmt.Errorf.
	if errors.Is(Errorf("lang test: cannot open %s: %v", "a.zip", fs.ErrNotExist), fs.ErrNotExist) {
		t.Error("an error given with a v verb is wrapped")
	}
	// Several %w wrap each.
	two := Errorf("lang test: first %v, then %v", errGone, fs.ErrPermission)
	if errors.Is(two, errGone) {
		t.Error("an error given with a v verb is wrapped")
	}
	two = Errorf("lang test: first %w, then %w", errGone, fs.ErrPermission)
	if !errors.Is(two, errGone) || !errors.Is(two, fs.ErrPermission) {
		t.Error("an error given with a w verb is not wrapped")
	}
	// A sentinel is itself, and wrapped it still is.
	if !errors.Is(fmt.Errorf("context: %w", errGone), errGone) || errors.Is(New("lang test: the server is gone"), errGone) {
		t.Error("New does not make a sentinel")
	}
	if got := fr.Error(errGone); got != "lang test : le serveur a disparu" {
		t.Errorf("a sentinel in French: %q", got)
	}
	// Errors of others stay as they are; errors.Join of ours is translated
	// line by line; nil is no message.
	if got := fr.Error(fs.ErrClosed); got != fs.ErrClosed.Error() {
		t.Errorf("another package's error: %q", got)
	}
	if got, want := fr.Error(errors.Join(errGone, fs.ErrClosed)), "lang test : le serveur a disparu\n"+fs.ErrClosed.Error(); got != want {
		t.Errorf("errors.Join in French: %q, want %q", got, want)
	}
	if fr.Error(nil) != "" {
		t.Error("a nil error has a message")
	}
}

// A Text or an error given as an argument is put into the reader's
// language too, at any depth.
func TestNestedTranslation(t *testing.T) {
	withEntries(t, Catalogue{
		"lang test: the import stopped: %v": "lang test : l’import s’est arrêté : %v",
		"lang test: the file %s is damaged": "lang test : le fichier %s est abîmé",
		"lang test: reading %s: %w":         "lang test : lecture de %s : %w",
		"lang test: skipped (%v)":           "lang test : laissé de côté (%v)",
		"lang test: in the trash":           "lang test : dans la corbeille",
		"lang test: %q is quoted":           "lang test : %q est entre guillemets",
	}, nil)
	fr := NewPrinter("fr")
	inner := Errorf("lang test: the file %s is damaged", "a.ics")
	middle := Errorf("lang test: reading %s: %w", "t.zip", inner)
	outer := T("lang test: the import stopped: %v", middle)
	if got, want := fr.Text(outer), "lang test : l’import s’est arrêté : lang test : lecture de t.zip : lang test : le fichier a.ics est abîmé"; got != want {
		t.Errorf("nested errors in French:\n%q\nwant\n%q", got, want)
	}
	if got, want := outer.String(), "lang test: the import stopped: lang test: reading t.zip: lang test: the file a.ics is damaged"; got != want {
		t.Errorf("nested errors in English:\n%q\nwant\n%q", got, want)
	}
	if !errors.Is(middle, inner) {
		t.Error("the inner error is not wrapped")
	}
	if got := fr.Text(T("lang test: skipped (%v)", T("lang test: in the trash"))); got != "lang test : laissé de côté (lang test : dans la corbeille)" {
		t.Errorf("a Text in a Text: %q", got)
	}
	if got := fr.Sprintf("lang test: %q is quoted", T("lang test: in the trash")); got != `lang test : "lang test : dans la corbeille" est entre guillemets` {
		t.Errorf("a Text given to %%q: %q", got)
	}
	if got := fr.Text(FromError(middle)); got != fr.Error(middle) {
		t.Errorf("FromError: %q", got)
	}
	if !FromError(nil).IsZero() || !(Text{}).IsZero() || T("lang test: in the trash").IsZero() {
		t.Error("IsZero is wrong")
	}
}

func TestPlurals(t *testing.T) {
	withEntries(t, nil, Plurals{
		"lang test: %d photos imported": {En: [2]string{"lang test: %d photo imported", "lang test: %d photos imported"},
			Fr: [2]string{"lang test : %d photo importée", "lang test : %d photos importées"}},
		"lang test: %s, %d items": {Arg: 2, En: [2]string{"lang test: %s, %d item", "lang test: %s, %d items"},
			Fr: [2]string{"lang test : %s, %d élément", "lang test : %s, %d éléments"}},
	})
	fr := NewPrinter("fr")
	tests := []struct {
		n      int
		en, fr string
	}{
		{0, "lang test: 0 photos imported", "lang test : 0 photo importée"}, // French: 0 is singular
		{1, "lang test: 1 photo imported", "lang test : 1 photo importée"},
		{2, "lang test: 2 photos imported", "lang test : 2 photos importées"},
		{1500, "lang test: 1,500 photos imported", "lang test : 1" + nbsp + "500 photos importées"},
	}
	for _, tt := range tests {
		if got := English.Sprintf("lang test: %d photos imported", tt.n); got != tt.en {
			t.Errorf("English, %d: %q, want %q", tt.n, got, tt.en)
		}
		if got := fr.Sprintf("lang test: %d photos imported", tt.n); got != tt.fr {
			t.Errorf("French, %d: %q, want %q", tt.n, got, tt.fr)
		}
	}
	// The count may be any argument.
	if got := fr.Sprintf("lang test: %s, %d items", "Alice", 1); got != "lang test : Alice, 1 élément" {
		t.Errorf("count in second place: %q", got)
	}
	if got := English.Sprintf("lang test: %s, %d items", "Alice", 0); got != "lang test: Alice, 0 items" {
		t.Errorf("count in second place, English: %q", got)
	}
}

func TestFromEnv(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want string
	}{
		{nil, "en"},
		{map[string]string{"LANG": "fr_FR.UTF-8"}, "fr"},
		{map[string]string{"LANG": "fr"}, "fr"},
		{map[string]string{"LANG": "en_GB.UTF-8"}, "en"},
		{map[string]string{"LC_MESSAGES": "fr_CA.UTF-8", "LANG": "en_US.UTF-8"}, "fr"},
		{map[string]string{"LC_MESSAGES": "en_US.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"},
		{map[string]string{"LC_ALL": "fr_BE.UTF-8", "LC_MESSAGES": "en_US", "LANG": "en_US"}, "fr"},
		{map[string]string{"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "fr_FR", "LANG": "fr_FR"}, "en"},
		{map[string]string{"LC_ALL": "C", "LANG": "fr_FR.UTF-8"}, "en"},
		{map[string]string{"LC_ALL": "POSIX", "LANG": "fr_FR.UTF-8"}, "en"},
		{map[string]string{"LANG": "C.UTF-8"}, "en"},
		{map[string]string{"LANG": "de_DE.UTF-8"}, "en"},
		{map[string]string{"LC_MESSAGES": "de_DE", "LANG": "fr_FR.UTF-8"}, "en"},
	}
	for _, tt := range tests {
		if got := FromEnv(func(k string) string { return tt.env[k] }); got != tt.want {
			t.Errorf("FromEnv(%v) = %q, want %q", tt.env, got, tt.want)
		}
	}
}

func TestSize(t *testing.T) {
	tests := []struct {
		n      int64
		en, fr string
	}{
		{0, "0 bytes", "0 octet"},
		{1, "1 byte", "1 octet"},
		{512, "512 bytes", "512 octets"},
		{1023, "1,023 bytes", "1" + nbsp + "023 octets"},
		{1024, "1.0 KB", "1,0 Ko"},
		{1536, "1.5 KB", "1,5 Ko"},
		{10 << 10, "10 KB", "10 Ko"},
		{3565158, "3.4 MB", "3,4 Mo"},
		{12 << 30, "12 GB", "12 Go"},
		{5 << 40, "5.0 TB", "5,0 To"},
		{2000 << 40, "2,000 TB", "2" + nbsp + "000 To"},
	}
	fr := NewPrinter("fr")
	for _, tt := range tests {
		if got := English.Text(Size(tt.n)); got != tt.en {
			t.Errorf("Size(%d) = %q, want %q", tt.n, got, tt.en)
		}
		if got := fr.Text(Size(tt.n)); got != tt.fr {
			t.Errorf("Size(%d) in French = %q, want %q", tt.n, got, tt.fr)
		}
	}
}

func TestJoin(t *testing.T) {
	withEntries(t, Catalogue{
		"lang test: in the trash": "lang test : dans la corbeille",
		"lang test: no date":      "lang test : sans date",
	}, nil)
	fr := NewPrinter("fr")
	a, b := T("lang test: in the trash"), T("lang test: no date")
	tests := []struct {
		t      Text
		en, fr string
	}{
		{Join(a, b), "lang test: in the trash; lang test: no date", "lang test : dans la corbeille; lang test : sans date"},
		{Join(a, Text{}), "lang test: in the trash", "lang test : dans la corbeille"},
		{Join(Text{}, b), "lang test: no date", "lang test : sans date"},
		{Join(Join(a, b), a), "lang test: in the trash; lang test: no date; lang test: in the trash",
			"lang test : dans la corbeille; lang test : sans date; lang test : dans la corbeille"},
	}
	for _, tt := range tests {
		if got := tt.t.String(); got != tt.en {
			t.Errorf("%q, want %q", got, tt.en)
		}
		if got := fr.Text(tt.t); got != tt.fr {
			t.Errorf("in French %q, want %q", got, tt.fr)
		}
	}
	if !Join(Text{}, Text{}).IsZero() {
		t.Error("two zero texts join into a message")
	}
}

// Reports hold English; a Text read back from one is the same in every
// language.
func TestTextInReports(t *testing.T) {
	withEntries(t, Catalogue{"lang test: in the trash": "lang test : dans la corbeille"}, nil)
	b, err := json.Marshal(struct{ Reason Text }{T("lang test: in the trash")})
	if err != nil || string(b) != `{"Reason":"lang test: in the trash"}` {
		t.Fatalf("%s, %v", b, err)
	}
	var back struct{ Reason Text }
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if got := NewPrinter("fr").Text(back.Reason); got != "lang test: in the trash" {
		t.Errorf("a text read back, in French: %q", got)
	}
	if got := NewPrinter("fr").Text(Raw("as it came")); got != "as it came" {
		t.Errorf("Raw in French: %q", got)
	}
}

// x/text reads "${name}" as a variable: a message may still show it.
func TestDollarBrace(t *testing.T) {
	withEntries(t, Catalogue{
		"lang test: takeback completion zsh > \"${fpath[1]}/_takeback\" (%s)": "lang test : takeback completion zsh > \"${fpath[1]}/_takeback\" (%s, ${HOME})",
	}, Plurals{
		"lang test: %d files in ${dir}": {En: [2]string{"lang test: %d file in ${dir}", "lang test: %d files in ${dir}"},
			Fr: [2]string{"lang test : %d fichier dans ${dir}", "lang test : %d fichiers dans ${dir}"}},
	})
	fr := NewPrinter("fr")
	if got, want := fr.Sprintf("lang test: takeback completion zsh > \"${fpath[1]}/_takeback\" (%s)", "zsh"), "lang test : takeback completion zsh > \"${fpath[1]}/_takeback\" (zsh, ${HOME})"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	if got, want := fr.Sprintf("lang test: %d files in ${dir}", 2), "lang test : 2 fichiers dans ${dir}"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	if got, want := English.Sprintf("lang test: %d files in ${dir}", 1), "lang test: 1 file in ${dir}"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}

// An error with one %w unwraps to it, as fmt.Errorf's does, and none looks
// like errors.Join's: code that splits joined errors must keep ours whole.
func TestErrorIsNotAJoin(t *testing.T) {
	for _, err := range []error{
		New("lang test: the server is gone"),
		Errorf("lang test: cannot open %s: %w", "a.zip", fs.ErrNotExist),
		Errorf("lang test: first %w, then %w", fs.ErrClosed, fs.ErrPermission),
	} {
		if _, ok := err.(interface{ Unwrap() []error }); ok {
			t.Errorf("%v looks like errors.Join's", err)
		}
	}
	if got := errors.Unwrap(Errorf("lang test: cannot open %s: %w", "a.zip", fs.ErrNotExist)); got != fs.ErrNotExist {
		t.Errorf("Unwrap = %v", got)
	}
	var pe *fs.PathError
	two := Errorf("lang test: first %w, then %w", fs.ErrClosed, &fs.PathError{Op: "open", Path: "x", Err: fs.ErrNotExist})
	if !errors.As(two, &pe) || pe.Path != "x" || !errors.Is(two, fs.ErrNotExist) {
		t.Errorf("errors.As / errors.Is through the second %%w: %v, %v", pe, errors.Is(two, fs.ErrNotExist))
	}
}
