package batch

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/takeback/takeback/internal/lang"
)

func TestWriteReportCSV(t *testing.T) {
	rows := []Row{
		{UserID: "amelie", DisplayName: "Amélie Lefèvre", Account: AccountCreated, Counts: Counts{Imported: 12, Present: 3, Skipped: 1}},
		{UserID: "bob", DisplayName: "Bob, \"the\" builder", Account: AccountReused, Counts: Counts{Imported: 4, Failed: 2}, Err: errText("2 items failed")},
		{UserID: "cy", Account: AccountExists, Err: errText("the account exists; use --existing reuse\nto import into it")},
		{UserID: "dee", Account: AccountSkipped},
	}
	path := filepath.Join(t.TempDir(), ReportName)
	if err := WriteReportCSV(path, rows); err != nil {
		t.Fatal(err)
	}
	got := readReportCSV(t, path)
	want := [][]string{
		{"userid", "display_name", "account", "imported", "present", "skipped", "failed", "status", "error"},
		{"amelie", "Amélie Lefèvre", "created", "12", "3", "1", "0", "ok", ""},
		{"bob", "Bob, \"the\" builder", "reused", "4", "0", "0", "2", "failed", "2 items failed"},
		{"cy", "", "exists", "0", "0", "0", "0", "failed", "the account exists; use --existing reuse\nto import into it"},
		{"dee", "", "skipped", "0", "0", "0", "0", "failed", ""},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("report\n%q\nwant\n%q", got, want)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o644 {
		t.Errorf("mode %04o, want 0644", perm)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("%d files beside the report, want none (no temporary file left)", len(entries)-1)
	}
}

func readReportCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return records
}

// Userids, names and errors come from a manifest or a server: a cell that
// a spreadsheet would run as a formula is turned into text.
func TestWriteReportCSVFormulaInjection(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"},
		{"+1+2", "'+1+2"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"ann", "ann"},
		{"a=b", "a=b"},
		{"", ""},
	}
	for _, tt := range tests {
		path := filepath.Join(t.TempDir(), ReportName)
		if err := WriteReportCSV(path, []Row{{UserID: tt.in, DisplayName: tt.in, Account: AccountFailed, Err: errText(tt.in)}}); err != nil {
			t.Fatal(err)
		}
		row := readReportCSV(t, path)[1]
		for _, i := range []int{0, 1, 8} {
			// encoding/csv reads a lone \r in a quoted cell as \n.
			if got := strings.ReplaceAll(row[i], "\n", "\r"); got != tt.want && row[i] != tt.want {
				t.Errorf("cell %d for %q = %q, want %q", i, tt.in, row[i], tt.want)
			}
		}
	}
}

func TestSummary(t *testing.T) {
	tests := []struct {
		name string
		rows []Row
		want []string
	}{
		{
			name: "all succeeded",
			rows: []Row{
				{UserID: "amelie", DisplayName: "Amélie Lefèvre", Account: AccountCreated, Counts: Counts{Imported: 1234, Present: 3, Skipped: 1}},
				{UserID: "jsmith", DisplayName: "John Smith", Account: AccountReused, Counts: Counts{Present: 7}},
			},
			want: []string{
				"amelie  Amélie Lefèvre  new account       1,234 imported, 3 present, 1 skipped, 0 failed  OK",
				"jsmith  John Smith      existing account  0 imported, 7 present, 0 skipped, 0 failed      OK",
				"2 people: 2 succeeded, 0 failed. Items: 1,234 imported, 10 present, 1 skipped, 0 failed.",
			},
		},
		{
			name: "one failed, with an error on two lines and a terminal escape",
			rows: []Row{
				{UserID: "ann", Account: AccountCreated, Counts: Counts{Imported: 1, Failed: 1}},
				{UserID: "bob", Account: AccountFailed, Err: errText("refused\nby the \x1b[31mserver")},
			},
			want: []string{
				"ann    new account  1 imported, 0 present, 0 skipped, 1 failed  FAILED",
				"bob    no account   0 imported, 0 present, 0 skipped, 0 failed  FAILED: refused by the \uFFFD[31mserver",
				"2 people: 0 succeeded, 2 failed. Items: 1 imported, 0 present, 0 skipped, 1 failed.",
			},
		},
		{
			name: "one person",
			rows: []Row{{UserID: "ann", Account: AccountCreated}},
			want: []string{
				"ann    new account  0 imported, 0 present, 0 skipped, 0 failed  OK",
				"1 person: 1 succeeded, 0 failed. Items: 0 imported, 0 present, 0 skipped, 0 failed.",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			Summary(&b, lang.English, tt.rows)
			got := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("summary\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestRowOK(t *testing.T) {
	tests := []struct {
		row  Row
		want bool
	}{
		{Row{Account: AccountCreated}, true},
		{Row{Account: AccountReused, Counts: Counts{Imported: 3, Skipped: 2}}, true},
		{Row{Account: AccountCreated, Counts: Counts{Failed: 1}}, false},
		{Row{Account: AccountCreated, Err: errText("stopped")}, false},
		{Row{Account: AccountExists}, false},
		{Row{Account: AccountFailed}, false},
		{Row{Account: AccountSkipped}, false},
	}
	for _, tt := range tests {
		if got := tt.row.OK(); got != tt.want {
			t.Errorf("%+v.OK() = %v, want %v", tt.row, got, tt.want)
		}
	}
}
