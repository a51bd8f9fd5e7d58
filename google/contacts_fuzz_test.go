package google

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func FuzzMergeContacts(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "contacts", "*.vcf"))
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("BEGIN:VCARD\nVERSION:2.1\nN;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:=E9=\n;x\nAGENT:\nBEGIN:VCARD\nEND:VCARD\nEND:VCARD\n"))
	f.Add([]byte("BEGIN:VCARD\r\nFN;X=\"a\\b\":y\r\nUID:1\r\nUID:2\r\nCATEGORIES:a\\,b,,myContacts\r\nEND:VCARD\r\n"))

	f.Fuzz(func(t *testing.T, data []byte) {
		// The same data in two label folders, and a part of it in a third.
		files := []ContactsFile{{Source: "a", Data: data}, {Source: "b", Data: data}, {Source: "c", Data: data[len(data)/2:]}}
		cards, _ := MergeContacts(files)
		uids := map[string]bool{}
		for _, c := range cards {
			checkCard(t, c)
			if uids[c.UID] {
				t.Fatalf("UID %q used twice", c.UID)
			}
			uids[c.UID] = true
			if c.Name == "" {
				t.Fatalf("no name:\n%s", c.Data)
			}
			if !c.Skip.IsZero() {
				continue
			}
			// Output read back is the same card: nothing left to repair.
			again, warnings := MergeContacts([]ContactsFile{{Source: "out", Data: c.Data}})
			if len(again) != 1 || len(warnings) != 0 || !bytes.Equal(again[0].Data, c.Data) {
				var got []byte
				if len(again) > 0 {
					got = again[0].Data
				}
				t.Fatalf("not stable when read back (%d cards, %v):\n%s\nbecame\n%s", len(again), warnings, c.Data, got)
			}
		}
	})
}
