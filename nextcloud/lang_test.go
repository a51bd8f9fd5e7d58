package nextcloud

import (
	"net/http"
	"strings"
	"testing"

	"github.com/takeback/takeback/internal/lang"
)

// joinEnglish is texts in English, joined by sep.
func joinEnglish(texts []lang.Text, sep string) string {
	s := make([]string, len(texts))
	for i, t := range texts {
		s[i] = t.String()
	}
	return strings.Join(s, sep)
}

// The package's errors and notes print in French through a French
// printer, the server's own words kept as they are.
func TestMessagesInFrench(t *testing.T) {
	refused := problem{Status: http.StatusForbidden, Message: "Calendar limit reached"}
	fr := lang.NewPrinter("fr")
	for _, tc := range []struct {
		name string
		err  error
		text lang.Text
		want string
	}{
		{name: "a refused calendar",
			err: lang.Errorf("the server allows no more new %v (%s): %v", calendars.nouns, refused, calendars.limit),
			want: "le serveur n’accepte plus de nouveaux agendas (403 Forbidden: Calendar limit reached) : " +
				"Nextcloud autorise par défaut 30 agendas et abonnements par utilisateur"},
		{name: "an address book that is not ready",
			err:  lang.Errorf("%v %q is not ready (it was not created)", addressBooks.the, "Famille"),
			want: `le carnet d’adresses "Famille" n’est pas prêt (il n’a pas été créé)`},
		{name: "a renamed file",
			text: placeNote("imported", "Photos/a_b.jpg", "Photos/a:b.jpg", 1, []lang.Text{lang.T("the character %s", quote(":"))}),
			want: `renommé en "Photos/a_b.jpg" (le serveur interdit le caractère ":")`},
		{name: "an OCS refusal",
			err:  &OCSError{HTTPStatus: http.StatusForbidden, Code: 403, Message: "Logged in account must be an admin", API: "cloud/users"},
			want: "le serveur refuse cette requête (cloud/users : code OCS 403, HTTP 403) : Logged in account must be an admin"},
		{name: "a wrapped throttling",
			err: lang.Errorf("creating %v %q: %w", calendars.the, "Travail", &ThrottledError{Status: http.StatusTooManyRequests}),
			want: `impossible de créer l’agenda "Travail" : le serveur ralentit les requêtes (429 Too Many Requests), ` +
				"souvent après trop d’échecs de connexion"},
	} {
		got := fr.Text(tc.text)
		if tc.err != nil {
			got = fr.Error(tc.err)
		}
		if !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s: %q, want it to begin with %q", tc.name, got, tc.want)
		}
	}
}
