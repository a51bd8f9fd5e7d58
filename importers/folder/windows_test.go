package folder

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// The folder may be on Windows, or be copied there: names Windows refuses
// are changed the way Nextcloud changes them.
func TestSafeNameForWindows(t *testing.T) {
	tests := []struct{ in, want string }{
		{"CON", "CON_"},
		{"con.txt", "con_.txt"},
		{"Nul", "Nul_"},
		{"aux.tar.gz", "aux_.tar.gz"},
		{"PRN", "PRN_"},
		{"COM1.jpg", "COM1_.jpg"},
		{"com0", "com0_"},
		{"LPT9.doc", "LPT9_.doc"},
		{"COM¹", "COM¹_"},
		{"lpt³.txt", "lpt³_.txt"},
		{"CONIN$", "CONIN$_"},
		{"conout$.log", "conout$_.log"},
		{"NUL .jpg", "NUL_ .jpg"},
		{"nul.", "nul_"},
		{"AUX. . ", "AUX_"},
		// Only the name before the first dot counts.
		{"CONFIG.sys", "CONFIG.sys"},
		{"console.txt", "console.txt"},
		{"COM10", "COM10"},
		{"LPT", "LPT"},
		{"my con.txt", "my con.txt"},
		{".con", ".con"},
		{"file.CON", "file.CON"},
		// Names ending in a dot or space, and characters Windows forbids.
		{"draft.", "draft"},
		{"draft ", "draft"},
		{"notes. . .", "notes"},
		{" . ", "_"},
		{"C:", "C_"},
		{`C:\Users\x`, "C__Users_x"},
		{`\\server\share\x`, "__server_share_x"},
		{"photo.jpg:Zone.Identifier", "photo.jpg_Zone.Identifier"},
		{`a<b>c"d|e?f*g`, "a_b_c_d_e_f_g"},
		{"tab\there", "tab_here"},
	}
	for _, tt := range tests {
		if got := safeName(tt.in); got != tt.want {
			t.Errorf("safeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Put stores an item whose name Windows refuses under a safe name, inside
// the folder, and its note says where; a second run finds it there.
func TestPutRenamesForWindows(t *testing.T) {
	dir := t.TempDir()
	tg, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	drive := &importers.Collection{Kind: importers.Folder, ID: "drive", Name: "Google Drive"}
	tests := []struct {
		name string // the item's slash-separated name
		file string // where it is stored, below the collection's folder
		note string
	}{
		{"report.txt", "report.txt", ""},
		{"CON.txt", "CON_.txt", `stored as CON_.txt: "CON.txt" is not a valid file name on Windows`},
		{"Docs/nul/plan.txt", "Docs/nul_/plan.txt", `stored as Docs/nul_/plan.txt: "Docs/nul/plan.txt" is not a valid file name on Windows`},
		{"com1", "com1_", `stored as com1_: "com1" is not a valid file name on Windows`},
		{"draft.", "draft", `stored as draft: "draft." is not a valid file name on Windows`},
		{"C:/Users/bob/a.txt", "C_/Users/bob/a.txt", `stored as C_/Users/bob/a.txt: "C:/Users/bob/a.txt" is not a valid file name on Windows`},
		{`C:\Users\bob\b.txt`, `C__Users_bob_b.txt`, `stored as C__Users_bob_b.txt: "C:\Users\bob\b.txt" is not a valid file name on Windows`},
		{`\\server\share\c.txt`, "__server_share_c.txt", `stored as __server_share_c.txt: "\\server\share\c.txt" is not a valid file name on Windows`},
		{"//server/share/d.txt", "_/_/server/share/d.txt", `stored as _/_/server/share/d.txt: "//server/share/d.txt" is not a valid file name on Windows`},
		// Renamed, and then numbered past a different file at the new name.
		{"aux_.txt", "aux_.txt", ""},
		{"aux.txt", "aux_ (2).txt", `stored as aux_ (2).txt: "aux.txt" is not a valid file name on Windows`},
	}
	if err := tg.Ensure(ctx, drive); err != nil {
		t.Fatal(err)
	}
	for i, tt := range tests {
		body := []byte(tt.name + string(rune('a'+i))) // sizes differ, so no file counts as the other
		it := &importers.Item{Kind: importers.File, Collection: drive, Name: tt.name, Body: body, Size: int64(len(body))}
		o, note, err := tg.Put(ctx, it)
		if err != nil || o != importers.Imported || note.String() != tt.note {
			t.Errorf("Put %q = %s, %q, %v; want imported, %q", tt.name, o, note, err, tt.note)
		}
		got, err := os.ReadFile(filepath.Join(dir, "files", "Google Drive", filepath.FromSlash(tt.file)))
		if err != nil || string(got) != string(body) {
			t.Errorf("%s: %q, %v", tt.file, got, err)
		}
		if o, note, err := tg.Put(ctx, it); err != nil || o != importers.Present || !note.IsZero() {
			t.Errorf("Put %q again = %s, %q, %v; want present", tt.name, o, note, err)
		}
	}
	it := &importers.Item{Kind: importers.File, Collection: drive, Name: "prn.txt", Body: []byte("x"), Size: 1}
	_, note, err := tg.Put(ctx, it)
	if want := `enregistré sous prn_.txt : « prn.txt » n’est pas un nom de fichier valide sous Windows`; err != nil || lang.NewPrinter("fr").Text(note) != want {
		t.Errorf("in French: %q, %v; want %q", lang.NewPrinter("fr").Text(note), err, want)
	}
}

// Calendars, address books and folders with a reserved name get a safe
// folder name too.
func TestReservedCollectionNames(t *testing.T) {
	dir := t.TempDir()
	tg, _ := New(dir)
	tests := []struct {
		c    *importers.Collection
		want string
	}{
		{&importers.Collection{Kind: importers.Calendar, ID: "google-con", Name: "Con"}, "calendars/Con_"},
		{&importers.Collection{Kind: importers.AddressBook, ID: "google-prn", Name: "PRN.vcf"}, "contacts/PRN_.vcf"},
		{&importers.Collection{Kind: importers.Folder, ID: "photos", Name: "Photos/LPT1"}, "files/Photos/LPT1_"},
	}
	for _, tt := range tests {
		if err := tg.Ensure(context.Background(), tt.c); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(tt.want))); err != nil || !fi.IsDir() {
			t.Errorf("%q: no folder %s: %v", tt.c.Name, tt.want, err)
		}
	}
}
