package batch

import (
	"strings"
	"testing"

	"github.com/takeback/takeback/internal/lang"
)

// What an admin reading French sees: the manifest's problems and the
// summary, with words that agree with their counts.
func TestInFrench(t *testing.T) {
	fr := lang.NewPrinter("fr")
	tests := []struct {
		name  string
		print func(t *testing.T) string
		want  []string
	}{
		{
			name: "a manifest's problems",
			print: func(t *testing.T) string {
				path := writeManifest(t, t.TempDir(), manifestHeader+
					"ann,Ann,ann@,,10,,a.zip,\n"+
					"bob,Bob,,,,,a.zip;b.zip\n")
				_, err := ReadManifest(path)
				return strings.ReplaceAll(fr.Text(manifestError(t, err).Text()), path, "manifest.csv")
			},
			want: []string{
				"le manifeste manifest.csv a 3 problèmes :",
				`  ligne 2, email : "ann@" n’est pas une adresse comme nom@example.org (écrivez l’adresse seule, sans nom ni <>)`,
				`  ligne 2, quota : "10" n’a pas d’unité : écrivez par exemple "10 GB"`,
				"  ligne 3 : cette ligne a 7 cellules, l’en-tête en a 8",
			},
		},
		{
			name: "one problem, one cell",
			print: func(t *testing.T) string {
				me := &ManifestError{Path: "m.csv", Problems: []Problem{
					{Line: 1, Column: "mail", Reason: unknownColumn("mail")},
					{Line: 4, Reason: lang.T("this row has %d cells, the header has %d", 1, 8)},
				}}
				return fr.Text(me.Problems[0].Text()) + "\n" + fr.Text(me.Problems[1].Text())
			},
			want: []string{
				`ligne 1, mail : colonne inconnue ; vouliez-vous dire "email" ?`,
				"ligne 4 : cette ligne a 1 cellule, l’en-tête en a 8",
			},
		},
		{
			name: "the summary",
			print: func(t *testing.T) string {
				var b strings.Builder
				Summary(&b, fr, []Row{
					{UserID: "amelie", DisplayName: "Amélie Lefèvre", Account: AccountCreated, Counts: Counts{Imported: 1234, Present: 1, Skipped: 2}},
					{UserID: "bob", Account: AccountExists, Err: lang.FromError(errExists)},
					{UserID: "cy", Account: AccountSkipped, Err: lang.FromError(ErrStopped)},
				})
				return strings.TrimSuffix(b.String(), "\n")
			},
			want: []string{
				"amelie  Amélie Lefèvre  nouveau compte         1\u00a0234 importés, 1 déjà présent, 2 ignorés, 0 en échec  OK",
				"bob                     le compte existe déjà  0 importé, 0 déjà présent, 0 ignoré, 0 en échec        " +
					"ÉCHEC : le compte existe déjà ; pour importer dedans, relancez avec --existing reuse " +
					"(et donnez son mot de passe dans la colonne password du manifeste)",
				"cy                      pas encore commencé    0 importé, 0 déjà présent, 0 ignoré, 0 en échec        " +
					"ÉCHEC : le lot s’est arrêté avant cette personne",
				"3 personnes : 1 sans problème, 2 en échec. Éléments : 1\u00a0234 importés, 1 déjà présent, 2 ignorés, 0 en échec.",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.print(t)
			if want := strings.Join(tt.want, "\n"); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}
