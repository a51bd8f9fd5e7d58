package batch

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// call is one call to the fake server, or to the fake importer
// (Method "Import"), in the order they happened.
type call struct {
	Method   string // UserExists, GroupExists, CreateGroup, CreateUser, SetEmail, SendWelcome, Import
	UserID   string // the userid, or the group of the group calls
	Person   Person // CreateUser, Import
	Password string // CreateUser, Import
	Email    string // SetEmail
	// AccountThere tells, for Import, whether the fake server had the
	// account when the import started.
	AccountThere bool
}

// fakeAccounts is an in-memory Accounts. It records every call, and fails
// the calls it is told to: fail["CreateUser ann"] holds the errors the
// next CreateUser calls for ann return, one per call; once they are used
// up, the calls succeed. It is safe for concurrent use.
type fakeAccounts struct {
	mu     sync.Mutex
	calls  []call
	users  map[string]bool // existing accounts, by lower-case userid
	groups map[string]bool
	fail   map[string][]error
	// onCreate, when set, runs at the start of every CreateUser that is
	// not failed by fail.
	onCreate func(p Person, password string)
	// onGroupExists, when set, runs at the start of every GroupExists.
	onGroupExists func(group string)
}

func newFakeAccounts(users []string, groups ...string) *fakeAccounts {
	f := &fakeAccounts{users: map[string]bool{}, groups: map[string]bool{}, fail: map[string][]error{}}
	for _, u := range users {
		f.users[strings.ToLower(u)] = true
	}
	for _, g := range groups {
		f.groups[g] = true
	}
	return f
}

// failNext makes the next calls "method id" fail with errs, in turn.
func (f *fakeAccounts) failNext(method, id string, errs ...error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	key := method + " " + id
	f.fail[key] = append(f.fail[key], errs...)
}

// record logs c, and returns the error c must fail with, if any.
func (f *fakeAccounts) record(c call) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if c.Method == "Import" {
		c.AccountThere = f.users[strings.ToLower(c.UserID)]
	}
	f.calls = append(f.calls, c)
	key := c.Method + " " + c.UserID
	if errs := f.fail[key]; len(errs) > 0 {
		f.fail[key] = errs[1:]
		return errs[0]
	}
	return nil
}

func (f *fakeAccounts) UserExists(ctx context.Context, userID string) (bool, error) {
	if err := f.record(call{Method: "UserExists", UserID: userID}); err != nil {
		return false, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.users[strings.ToLower(userID)], nil
}

func (f *fakeAccounts) GroupExists(ctx context.Context, group string) (bool, error) {
	if f.onGroupExists != nil {
		f.onGroupExists(group)
	}
	if err := f.record(call{Method: "GroupExists", UserID: group}); err != nil {
		return false, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.groups[group], nil
}

// CreateGroup succeeds on an existing group, as nextcloud.CreateGroup
// does (OCS 102).
func (f *fakeAccounts) CreateGroup(ctx context.Context, group string) error {
	if err := f.record(call{Method: "CreateGroup", UserID: group}); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.groups[group] = true
	return nil
}

func (f *fakeAccounts) CreateUser(ctx context.Context, p Person, password string) error {
	if err := f.record(call{Method: "CreateUser", UserID: p.UserID, Person: p, Password: password}); err != nil {
		return err
	}
	if f.onCreate != nil {
		f.onCreate(p, password)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.users[strings.ToLower(p.UserID)] {
		return errors.New("OCS 102: the user already exists")
	}
	for _, g := range p.Groups {
		if !f.groups[g] {
			return fmt.Errorf("OCS 104: the group %q does not exist", g)
		}
	}
	f.users[strings.ToLower(p.UserID)] = true
	return nil
}

func (f *fakeAccounts) SetEmail(ctx context.Context, userID, email string) error {
	return f.record(call{Method: "SetEmail", UserID: userID, Email: email})
}

func (f *fakeAccounts) SendWelcome(ctx context.Context, userID string) error {
	return f.record(call{Method: "SendWelcome", UserID: userID})
}

// all returns a copy of the calls so far.
func (f *fakeAccounts) all() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

// of returns the calls with this method ("" for any) and userid or group.
func (f *fakeAccounts) of(method, id string) []call {
	var out []call
	for _, c := range f.all() {
		if (method == "" || c.Method == method) && c.UserID == id {
			out = append(out, c)
		}
	}
	return out
}

// methods lists the methods called for userID, in order; the group calls
// are left out.
func (f *fakeAccounts) methods(userID string) []string {
	var out []string
	for _, c := range f.of("", userID) {
		if !strings.Contains(c.Method, "Group") {
			out = append(out, c.Method)
		}
	}
	return out
}

func (f *fakeAccounts) count(method, id string) int { return len(f.of(method, id)) }

// importResult is one answer of the fake importer.
type importResult struct {
	rep *importers.Report
	err error
}

// fakeImporter is an in-memory Importer: it logs its calls in acc's calls
// (Method "Import"), and answers with results[userid], one per call; once
// they are used up, it answers the last one again, or a report of one
// imported item when there was none.
type fakeImporter struct {
	acc     *fakeAccounts
	mu      sync.Mutex
	results map[string][]importResult
	// during, when set, runs in the middle of every import.
	during func(ctx context.Context, p Person)

	inflight, maxInflight atomic.Int32
}

func newFakeImporter(acc *fakeAccounts) *fakeImporter {
	return &fakeImporter{acc: acc, results: map[string][]importResult{}}
}

func (f *fakeImporter) answer(userID string, res ...importResult) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.results[userID] = append(f.results[userID], res...)
}

func (f *fakeImporter) run(ctx context.Context, p Person, password string) (*importers.Report, error) {
	n := f.inflight.Add(1)
	defer f.inflight.Add(-1)
	for {
		m := f.maxInflight.Load()
		if n <= m || f.maxInflight.CompareAndSwap(m, n) {
			break
		}
	}
	f.acc.record(call{Method: "Import", UserID: p.UserID, Person: p, Password: password})
	if f.during != nil {
		f.during(ctx, p)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	res := f.results[p.UserID]
	switch len(res) {
	case 0:
		return itemsReport(1, 0, 0, 0), nil
	case 1:
	default:
		f.results[p.UserID] = res[1:]
	}
	return res[0].rep, res[0].err
}

// itemsReport is an import report with so many items of each outcome.
func itemsReport(imported, present, skipped, failed int) *importers.Report {
	rep := &importers.Report{Results: []importers.Result{}}
	for _, o := range []struct {
		n int
		o importers.Outcome
	}{{imported, importers.Imported}, {present, importers.Present}, {skipped, importers.Skipped}, {failed, importers.Failed}} {
		for i := range o.n {
			res := importers.Result{Type: "result", Kind: importers.Photo,
				Source: fmt.Sprintf("takeout.zip!Takeout/Photos/%s-%d.jpg", o.o, i), Outcome: o.o}
			if o.o == importers.Failed {
				res.Reason = errText("507 Insufficient Storage")
			}
			rep.Results = append(rep.Results, res)
		}
	}
	return rep
}

// errText is an error message from outside takeback, as a row holds it.
func errText(msg string) lang.Text { return lang.FromError(errors.New(msg)) }

func reported(rep *importers.Report) importResult { return importResult{rep: rep} }
func importFails(err error) importResult          { return importResult{err: err} }

// refusedLogin stands for a 401, which the tests' AuthFailure recognises.
type refusedLogin struct{ user string }

func (e *refusedLogin) Error() string {
	return fmt.Sprintf("401 Unauthorized: the server refused the login of %s", e.user)
}

func isRefused(err error) bool {
	var rl *refusedLogin
	return errors.As(err, &rl)
}

// newPerson is a manifest row; Line is set by manifestOf.
func newPerson(id, password string, groups ...string) Person {
	return Person{
		UserID:      id,
		DisplayName: strings.ToUpper(id[:1]) + id[1:] + " Martin",
		Email:       id + "@example.org",
		Groups:      groups,
		Quota:       "10 GB",
		Language:    "fr",
		Archives:    []string{"/srv/takeout/" + id + "-001.zip", "/srv/takeout/" + id + "-facebook.zip"},
		Password:    password,
	}
}

// manifestOf numbers the people as a manifest with a header on line 1.
func manifestOf(people ...Person) *Manifest {
	m := &Manifest{Path: "/srv/newcomers.csv"}
	for i, p := range people {
		p.Line = i + 2
		m.People = append(m.People, p)
	}
	return m
}

func newTestState(t *testing.T) *State {
	t.Helper()
	s, err := LoadState(filepath.Join(t.TempDir(), "newcomers.csv.state.json"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// reload reads the state file again, as the next run of the batch does.
func reload(t *testing.T, s *State) *State {
	t.Helper()
	again, err := LoadState(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	return again
}

func openTestSecrets(t *testing.T, path string) *Secrets {
	t.Helper()
	s, err := OpenSecrets(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// checkRows compares rows with want; a wanted Err is text the row's error
// must hold, and an empty one means no error.
func checkRows(t *testing.T, got, want []Row) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d (one per person):\n%+v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		gErr, wErr := g.Err.String(), w.Err.String()
		g.Err, w.Err = lang.Text{}, lang.Text{}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("row %d = %+v, want %+v", i, g, w)
		}
		switch {
		case wErr == "" && gErr != "":
			t.Errorf("row %d (%s): error %q, want none", i, got[i].UserID, gErr)
		case !strings.Contains(gErr, wErr):
			t.Errorf("row %d (%s): error %q, want it to say %q", i, got[i].UserID, gErr, wErr)
		}
	}
}

func checkMethods(t *testing.T, acc *fakeAccounts, userID string, want ...string) {
	t.Helper()
	if got := acc.methods(userID); !slices.Equal(got, want) {
		t.Errorf("calls for %s: %v, want %v", userID, got, want)
	}
}

func checkStage(t *testing.T, s *State, userID string, want PersonState) {
	t.Helper()
	got := s.Get(userID)
	got.Updated = time.Time{}
	if got != want {
		t.Errorf("state of %s = %+v, want %+v", userID, got, want)
	}
}

func TestRunFresh(t *testing.T) {
	ann := newPerson("ann", "Ann-pw-7Qx!", "staff")
	bob := newPerson("bob", "Bob-pw-8Rz?", "staff", "family")
	cy := newPerson("cy", "Cy-pw-9Sw%")
	cy.Quota, cy.Language, cy.Email = "", "", ""
	m := manifestOf(ann, bob, cy)
	acc := newFakeAccounts(nil, "staff", "family")
	imp := newFakeImporter(acc)
	imp.answer("ann", reported(itemsReport(3, 1, 0, 0)))
	imp.answer("bob", reported(itemsReport(0, 2, 1, 0)))
	imp.answer("cy", reported(itemsReport(0, 0, 0, 0)))
	state := newTestState(t)

	rows, err := Run(context.Background(), m, acc, imp.run, Options{State: state})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	checkRows(t, rows, []Row{
		{UserID: "ann", DisplayName: "Ann Martin", Account: AccountCreated, Counts: Counts{Imported: 3, Present: 1}},
		{UserID: "bob", DisplayName: "Bob Martin", Account: AccountCreated, Counts: Counts{Present: 2, Skipped: 1}},
		{UserID: "cy", DisplayName: "Cy Martin", Account: AccountCreated},
	})
	if Failed(rows) {
		t.Error("Failed(rows) = true, want false")
	}
	for _, p := range m.People {
		checkMethods(t, acc, p.UserID, "UserExists", "CreateUser", "Import")
		if c := acc.of("CreateUser", p.UserID); len(c) == 1 {
			if !reflect.DeepEqual(c[0].Person, p) || c[0].Password != p.Password {
				t.Errorf("CreateUser(%+v, %q), want the manifest's %+v, %q", c[0].Person, c[0].Password, p, p.Password)
			}
		}
		if c := acc.of("Import", p.UserID); len(c) == 1 {
			if c[0].Password != p.Password || !c[0].AccountThere || !reflect.DeepEqual(c[0].Person, p) {
				t.Errorf("import of %s with %q (account there: %v), want %q after the account", p.UserID, c[0].Password, c[0].AccountThere, p.Password)
			}
		}
	}
	if n, f := acc.count("GroupExists", "staff"), acc.count("GroupExists", "family"); n != 2 || f != 1 {
		t.Errorf("GroupExists: staff %d times, family %d, want 2 and 1", n, f)
	}
	if n := acc.count("CreateGroup", "staff") + acc.count("CreateGroup", "family"); n != 0 {
		t.Errorf("CreateGroup called %d times for existing groups", n)
	}
	again := reload(t, state)
	checkStage(t, again, "ann", PersonState{Stage: StageImported, Counts: Counts{Imported: 3, Present: 1}})
	checkStage(t, again, "bob", PersonState{Stage: StageImported, Counts: Counts{Present: 2, Skipped: 1}})
	checkStage(t, again, "cy", PersonState{Stage: StageImported})
}

func TestRunResume(t *testing.T) {
	m := manifestOf(newPerson("ann", "Ann-pw-7Qx!"), newPerson("bob", "Bob-pw-8Rz?"), newPerson("cy", "Cy-pw-9Sw%"))
	acc := newFakeAccounts(nil)
	imp := newFakeImporter(acc)
	imp.answer("ann", reported(itemsReport(3, 0, 0, 0)))
	imp.answer("bob", reported(itemsReport(2, 0, 1, 1)), reported(itemsReport(1, 2, 1, 0)))
	imp.answer("cy", importFails(errors.New("reading cy-001.zip: unexpected EOF")), reported(itemsReport(4, 0, 0, 0)))
	state := newTestState(t)

	rows, err := Run(context.Background(), m, acc, imp.run, Options{State: state})
	if err != nil {
		t.Fatalf("first run: %v", err)
	}
	checkRows(t, rows, []Row{
		{UserID: "ann", DisplayName: "Ann Martin", Account: AccountCreated, Counts: Counts{Imported: 3}},
		{UserID: "bob", DisplayName: "Bob Martin", Account: AccountCreated, Counts: Counts{Imported: 2, Skipped: 1, Failed: 1},
			Err: errText("1 item failed; see the person's report")},
		{UserID: "cy", DisplayName: "Cy Martin", Account: AccountCreated, Err: errText("unexpected EOF")},
	})
	if !Failed(rows) {
		t.Error("first run: Failed(rows) = false, want true")
	}
	checkStage(t, state, "ann", PersonState{Stage: StageImported, Counts: Counts{Imported: 3}})
	checkStage(t, state, "bob", PersonState{Stage: StageCreated, Counts: Counts{Imported: 2, Skipped: 1, Failed: 1}, Error: "1 item failed; see the person's report, then run the batch again"})
	if got := state.Get("cy").Stage; got != StageCreated {
		t.Errorf("cy's stage after a failed import: %q, want %q", got, StageCreated)
	}

	before := len(acc.all())
	rows, err = Run(context.Background(), m, acc, imp.run, Options{State: reload(t, state)})
	if err != nil {
		t.Fatalf("second run: %v", err)
	}
	checkRows(t, rows, []Row{
		{UserID: "ann", DisplayName: "Ann Martin", Account: AccountCreated, Counts: Counts{Imported: 3}},
		{UserID: "bob", DisplayName: "Bob Martin", Account: AccountCreated, Counts: Counts{Imported: 1, Present: 2, Skipped: 1}},
		{UserID: "cy", DisplayName: "Cy Martin", Account: AccountCreated, Counts: Counts{Imported: 4}},
	})
	if Failed(rows) {
		t.Error("second run: Failed(rows) = true, want false")
	}
	var second []string
	for _, c := range acc.all()[before:] {
		second = append(second, c.Method+" "+c.UserID+" "+c.Password)
	}
	slices.Sort(second)
	if want := []string{"Import bob Bob-pw-8Rz?", "Import cy Cy-pw-9Sw%"}; !slices.Equal(second, want) {
		t.Errorf("second run's calls: %q, want only %q", second, want)
	}
	again := reload(t, state)
	checkStage(t, again, "bob", PersonState{Stage: StageImported, Counts: Counts{Imported: 1, Present: 2, Skipped: 1}})
	checkStage(t, again, "cy", PersonState{Stage: StageImported, Counts: Counts{Imported: 4}})
}

// A crash between two people: the state knows the first is done, and
// nothing of the second.
func TestRunAfterCrash(t *testing.T) {
	tests := []struct {
		name    string
		secrets bool // the credentials file holds ann's generated password
	}{
		{"credentials file kept", true},
		// ann is done: her password is not needed any more.
		{"credentials file gone", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ann := newPerson("ann", "") // her password was generated
			bob := newPerson("bob", "Bob-pw-8Rz?")
			m := manifestOf(ann, bob)
			state := newTestState(t)
			done := Counts{Imported: 5, Present: 2, Skipped: 1}
			if err := state.Set("ann", PersonState{Stage: StageImported, Counts: done}); err != nil {
				t.Fatal(err)
			}
			var secrets *Secrets
			if tt.secrets {
				secrets = openTestSecrets(t, filepath.Join(t.TempDir(), "credentials.csv"))
				if err := secrets.Put("ann", "Ann-generated-Zq7!"); err != nil {
					t.Fatal(err)
				}
			}
			acc := newFakeAccounts([]string{"ann"})
			imp := newFakeImporter(acc)
			imp.answer("bob", reported(itemsReport(2, 0, 0, 0)))

			rows, err := Run(context.Background(), m, acc, imp.run, Options{State: state, Secrets: secrets})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			checkRows(t, rows, []Row{
				{UserID: "ann", DisplayName: "Ann Martin", Account: AccountCreated, Counts: done},
				{UserID: "bob", DisplayName: "Bob Martin", Account: AccountCreated, Counts: Counts{Imported: 2}},
			})
			checkMethods(t, acc, "ann")
			checkMethods(t, acc, "bob", "UserExists", "CreateUser", "Import")
			checkStage(t, reload(t, state), "ann", PersonState{Stage: StageImported, Counts: done})
		})
	}
}

func TestRunExisting(t *testing.T) {
	tests := []struct {
		name     string
		existing Existing
		annPW    string // ann's password in the manifest
		want     Row    // ann's row; Account "" means any failed one
		wantPW   string // the password ann is imported with; "" when she is not
		wantSt   PersonState
	}{
		{
			name: "error", existing: ExistingError, annPW: "Ann-pw-7Qx!",
			want:   Row{UserID: "ann", DisplayName: "Ann Martin", Account: AccountExists, Err: errText("--existing reuse")},
			wantSt: PersonState{},
		},
		{
			name: "error by default", existing: "", annPW: "Ann-pw-7Qx!",
			want: Row{UserID: "ann", DisplayName: "Ann Martin", Account: AccountExists, Err: errText("already exists")},
		},
		{
			name: "reuse", existing: ExistingReuse, annPW: "Ann-pw-7Qx!",
			want:   Row{UserID: "ann", DisplayName: "Ann Martin", Account: AccountReused, Counts: Counts{Imported: 1, Present: 4}},
			wantPW: "Ann-pw-7Qx!",
			wantSt: PersonState{Stage: StageImported, Reused: true, Counts: Counts{Imported: 1, Present: 4}},
		},
		{
			name: "reuse without a password", existing: ExistingReuse, annPW: "",
			want: Row{UserID: "ann", DisplayName: "Ann Martin", Err: errText("password column")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := manifestOf(newPerson("ann", tt.annPW), newPerson("bob", "Bob-pw-8Rz?"))
			acc := newFakeAccounts([]string{"ann"})
			imp := newFakeImporter(acc)
			imp.answer("ann", reported(itemsReport(1, 4, 0, 0)))
			imp.answer("bob", reported(itemsReport(2, 0, 0, 0)))
			state := newTestState(t)
			credentials := filepath.Join(t.TempDir(), "credentials.csv")
			secrets := openTestSecrets(t, credentials)

			rows, err := Run(context.Background(), m, acc, imp.run,
				Options{State: state, Secrets: secrets, Existing: tt.existing})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if len(rows) != 2 {
				t.Fatalf("%d rows, want 2", len(rows))
			}
			got := rows[0]
			if tt.want.Account == "" {
				if got.Account == AccountCreated || got.Account == AccountReused || got.OK() {
					t.Errorf("ann's row %+v, want a failed one", got)
				}
				tt.want.Account = got.Account
			}
			checkRows(t, rows, []Row{tt.want,
				{UserID: "bob", DisplayName: "Bob Martin", Account: AccountCreated, Counts: Counts{Imported: 2}}})
			if n := acc.count("CreateUser", "ann"); n != 0 {
				t.Errorf("CreateUser called %d times for an existing account", n)
			}
			imports := acc.of("Import", "ann")
			switch {
			case tt.wantPW == "" && len(imports) > 0:
				t.Errorf("ann imported %d times, want none", len(imports))
			case tt.wantPW != "" && (len(imports) != 1 || imports[0].Password != tt.wantPW):
				t.Errorf("ann's imports: %+v, want one with %q", imports, tt.wantPW)
			}
			checkStage(t, state, "ann", tt.wantSt)
			if _, ok := secrets.Get("ann"); ok {
				t.Error("a password was made up for an existing account")
			}
		})
	}
}

func TestRunGroups(t *testing.T) {
	tests := []struct {
		name         string
		createGroups bool
		parallel     int
		ann, bob     []string // their groups; the server has "staff"
		// bothTogether holds GroupExists until both people asked.
		bothTogether bool
		wantAnn      Row
		wantCreated  map[string][2]int // group -> CreateGroup calls, min and max
	}{
		{
			name: "missing group, not created", ann: []string{"staff", "choir"}, bob: []string{"staff"},
			wantAnn: Row{UserID: "ann", DisplayName: "Ann Martin", Account: AccountFailed,
				Err: errText(`the group "choir" does not exist`)},
			wantCreated: map[string][2]int{"choir": {0, 0}, "staff": {0, 0}},
		},
		{
			name: "missing groups created, one person after the other", createGroups: true, parallel: 1,
			ann: []string{"choir", "staff"}, bob: []string{"band", "choir"},
			wantAnn:     Row{UserID: "ann", DisplayName: "Ann Martin", Account: AccountCreated, Counts: Counts{Imported: 1}},
			wantCreated: map[string][2]int{"choir": {1, 1}, "band": {1, 1}, "staff": {0, 0}},
		},
		{
			// Both may find it missing and create it: the server takes the
			// second creation as done (OCS 102).
			name: "one missing group for two people at once", createGroups: true, parallel: 2,
			ann: []string{"choir"}, bob: []string{"choir"}, bothTogether: true,
			wantAnn:     Row{UserID: "ann", DisplayName: "Ann Martin", Account: AccountCreated, Counts: Counts{Imported: 1}},
			wantCreated: map[string][2]int{"choir": {1, 2}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := manifestOf(newPerson("ann", "Ann-pw-7Qx!", tt.ann...), newPerson("bob", "Bob-pw-8Rz?", tt.bob...))
			acc := newFakeAccounts(nil, "staff")
			if tt.bothTogether {
				var asked atomic.Int32
				both := make(chan struct{})
				acc.onGroupExists = func(string) {
					if asked.Add(1) == 2 {
						close(both)
					}
					select {
					case <-both:
					case <-time.After(2 * time.Second):
					}
				}
			}
			imp := newFakeImporter(acc)
			rows, err := Run(context.Background(), m, acc, imp.run,
				Options{State: newTestState(t), CreateGroups: tt.createGroups, Parallel: tt.parallel})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			checkRows(t, rows, []Row{tt.wantAnn,
				{UserID: "bob", DisplayName: "Bob Martin", Account: AccountCreated, Counts: Counts{Imported: 1}}})
			for g, want := range tt.wantCreated {
				if n := acc.count("CreateGroup", g); n < want[0] || n > want[1] {
					t.Errorf("CreateGroup(%q) called %d times, want %d to %d", g, n, want[0], want[1])
				}
			}
			// The fake refuses an account in a missing group, so bob's row
			// tells that the groups came first.
			if !tt.createGroups {
				checkMethods(t, acc, "ann", "UserExists")
			}
		})
	}
}

func TestRunNeedsCredentialsFile(t *testing.T) {
	dir := t.TempDir()
	path := writeManifest(t, dir, "# newcomers\n"+manifestHeader+
		"ann,Ann,,,,,a.zip,Ann-pw-7Qx!\n"+
		"bob,Bob,,,,,b.zip,\n")
	m, err := ReadManifest(path)
	if err != nil {
		t.Fatal(err)
	}
	acc := newFakeAccounts(nil)
	imp := newFakeImporter(acc)
	state := newTestState(t)
	rows, err := Run(context.Background(), m, acc, imp.run, Options{State: state})
	if err == nil {
		t.Fatal("Run with a person without password and no credentials file: no error")
	}
	for _, want := range []string{"line 4", "bob", "--credentials-out"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if rows != nil {
		t.Errorf("rows %+v, want none", rows)
	}
	if calls := acc.all(); len(calls) != 0 {
		t.Errorf("calls before the error: %+v", calls)
	}
	if _, err := os.Stat(state.Path()); !os.IsNotExist(err) {
		t.Errorf("the state file was written: %v", err)
	}
}

func readCredentials(t *testing.T, path string) map[string]string {
	t.Helper()
	out, err := parseCredentials(path)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// parseCredentials reads a credentials file as userid -> password.
func parseCredentials(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for i, r := range records {
		if i == 0 {
			if !slices.Equal(r, []string{"userid", "password"}) {
				return nil, fmt.Errorf("credentials header %q", r)
			}
			continue
		}
		out[r[0]] = r[1]
	}
	return out, nil
}

func TestRunGeneratedPasswords(t *testing.T) {
	dir := t.TempDir()
	credentials := filepath.Join(dir, "credentials.csv")
	m := manifestOf(newPerson("ann", ""), newPerson("bob", ""), newPerson("cy", "Cy-given-pw-3!"))
	acc := newFakeAccounts(nil)
	// At CreateUser, the password is already in the 0600 file.
	acc.onCreate = func(p Person, password string) {
		fi, err := os.Stat(credentials)
		switch {
		case p.Password != "" && os.IsNotExist(err):
			return // nobody's password made up yet
		case err != nil:
			t.Errorf("CreateUser(%s): no credentials file yet: %v", p.UserID, err)
			return
		}
		if perm := fi.Mode().Perm(); perm != 0o600 {
			t.Errorf("CreateUser(%s): the credentials file has mode %04o, want 0600", p.UserID, perm)
		}
		all, err := parseCredentials(credentials)
		if err != nil {
			t.Errorf("CreateUser(%s): %v", p.UserID, err)
			return
		}
		stored, ok := all[p.UserID]
		switch {
		case p.Password == "" && stored != password:
			t.Errorf("CreateUser(%s): the credentials file holds %q, not the account's password %q", p.UserID, stored, password)
		case p.Password != "" && ok:
			t.Errorf("CreateUser(%s): the manifest's password was written to the credentials file", p.UserID)
		}
	}
	acc.failNext("CreateUser", "ann", errors.New("503 Service Unavailable"))
	imp := newFakeImporter(acc)
	imp.answer("bob", reported(itemsReport(1, 0, 0, 1)), reported(itemsReport(0, 1, 0, 0)))
	state := newTestState(t)

	rows, err := Run(context.Background(), m, acc, imp.run, Options{State: state, Secrets: openTestSecrets(t, credentials)})
	if err != nil {
		t.Fatalf("first run: %v", err)
	}
	checkRows(t, rows, []Row{
		{UserID: "ann", DisplayName: "Ann Martin", Account: AccountFailed, Err: errText("503")},
		{UserID: "bob", DisplayName: "Bob Martin", Account: AccountCreated, Counts: Counts{Imported: 1, Failed: 1}, Err: errText("failed")},
		{UserID: "cy", DisplayName: "Cy Martin", Account: AccountCreated, Counts: Counts{Imported: 1}},
	})
	stored := readCredentials(t, credentials)
	annPW, bobPW := stored["ann"], stored["bob"]
	if len(stored) != 2 || len(annPW) != PasswordLength || len(bobPW) != PasswordLength || annPW == bobPW {
		t.Fatalf("credentials file %q, want two different generated passwords, for ann and bob", stored)
	}
	fi, err := os.Stat(credentials)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("credentials file mode %04o, want 0600", perm)
	}
	if c := acc.of("CreateUser", "ann"); len(c) != 1 || c[0].Password != annPW {
		t.Errorf("ann's CreateUser: %+v, want one with %q", c, annPW)
	}
	if c := acc.of("Import", "bob"); len(c) != 1 || c[0].Password != bobPW {
		t.Errorf("bob's import: %+v, want one with %q", c, bobPW)
	}
	if c := acc.of("Import", "cy"); len(c) != 1 || c[0].Password != "Cy-given-pw-3!" {
		t.Errorf("cy's import: %+v, want one with the manifest's password", c)
	}
	content, err := os.ReadFile(credentials)
	if err != nil {
		t.Fatal(err)
	}

	// The next run, in a new process, reads the passwords back.
	before := len(acc.all())
	rows, err = Run(context.Background(), m, acc, imp.run,
		Options{State: reload(t, state), Secrets: openTestSecrets(t, credentials)})
	if err != nil {
		t.Fatalf("second run: %v", err)
	}
	checkRows(t, rows, []Row{
		{UserID: "ann", DisplayName: "Ann Martin", Account: AccountCreated, Counts: Counts{Imported: 1}},
		{UserID: "bob", DisplayName: "Bob Martin", Account: AccountCreated, Counts: Counts{Present: 1}},
		{UserID: "cy", DisplayName: "Cy Martin", Account: AccountCreated, Counts: Counts{Imported: 1}},
	})
	for _, c := range acc.all()[before:] {
		want := map[string]string{"ann": annPW, "bob": bobPW}[c.UserID]
		if (c.Method == "CreateUser" || c.Method == "Import") && c.Password != want {
			t.Errorf("second run: %s(%s) with %q, want the stored %q", c.Method, c.UserID, c.Password, want)
		}
	}
	if n := acc.count("CreateUser", "ann"); n != 2 {
		t.Errorf("ann's CreateUser called %d times in all, want 2", n)
	}
	again, err := os.ReadFile(credentials)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, content) {
		t.Errorf("the second run changed the credentials file:\n%s\nwas\n%s", again, content)
	}
}

// No password reaches the rows, the state file, the log or the report,
// whatever becomes of the people.
func TestRunKeepsPasswordsOut(t *testing.T) {
	dir := t.TempDir()
	credentials := filepath.Join(dir, "credentials.csv")
	m := manifestOf(
		newPerson("ann", "Ann-pw-7Qx!"), // fine
		newPerson("bob", ""),            // fine, generated password
		newPerson("cy", "Cy-pw-9Sw%"),   // exists, reused
		newPerson("dee", ""),            // failed items
		newPerson("eve", "Eve-pw-2Tv="), // the import fails
		newPerson("fay", "Fay-pw-3Uu@"), // the account cannot be created
		newPerson("gus", "Gus-pw-4Vt+"), // refused login
		newPerson("hal", ""),            // the welcome mail fails
	)
	acc := newFakeAccounts([]string{"cy"})
	acc.failNext("CreateUser", "fay", errors.New("OCS 107: the password is too short"))
	acc.failNext("SendWelcome", "hal", errors.New("OCS 102: sending the e-mail failed"))
	imp := newFakeImporter(acc)
	imp.answer("dee", reported(itemsReport(1, 0, 0, 2)))
	imp.answer("eve", importFails(errors.New("the photos folder: 507 Insufficient Storage")))
	imp.answer("gus", importFails(fmt.Errorf("logging in: %w", &refusedLogin{"gus"})))
	var log, logFr bytes.Buffer
	state := newTestState(t)
	fr := lang.NewPrinter("fr")
	toLog := func(msg lang.Text) {
		log.WriteString(msg.String() + "\n")
		logFr.WriteString(fr.Text(msg) + "\n")
	}

	rows, err := Run(context.Background(), m, acc, imp.run, Options{State: state, Secrets: openTestSecrets(t, credentials),
		Existing: ExistingReuse, WelcomeMail: true, Log: toLog, AuthFailure: isRefused})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	var failed int
	for _, r := range rows {
		if !r.Err.IsZero() {
			failed++
		}
	}
	if failed != 5 {
		t.Errorf("%d rows with an error, want 5: %+v", failed, rows)
	}
	report := filepath.Join(dir, ReportName)
	if err := WriteReportCSV(report, rows); err != nil {
		t.Fatal(err)
	}
	var summary, summaryFr bytes.Buffer
	Summary(&summary, lang.English, rows)
	Summary(&summaryFr, fr, rows)

	passwords := readCredentials(t, credentials)
	if len(passwords) != 3 {
		t.Fatalf("%d generated passwords, want 3 (bob, dee, hal)", len(passwords))
	}
	for _, p := range m.People {
		if p.Password != "" {
			passwords[p.UserID] = p.Password
		}
	}
	places := map[string]string{"the log": log.String(), "the summary": summary.String(),
		"the French log": logFr.String(), "the French summary": summaryFr.String()}
	for _, r := range rows {
		places["the row of "+r.UserID] = fmt.Sprintf("%+v", r)
	}
	for name, path := range map[string]string{"the state file": state.Path(), "the report": report} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		places[name] = string(data)
	}
	for _, p := range m.People {
		if !strings.Contains(log.String(), p.UserID+":") {
			t.Errorf("the log has no line for %s:\n%s", p.UserID, log.String())
		}
	}
	for id, pw := range passwords {
		for name, text := range places {
			if strings.Contains(text, pw) {
				t.Errorf("%s holds %s's password:\n%s", name, id, text)
			}
		}
	}
}

func TestRunWelcomeMail(t *testing.T) {
	m := manifestOf(newPerson("ann", "Ann-pw-7Qx!", "staff"), newPerson("bob", "Bob-pw-8Rz?"), newPerson("cy", "Cy-pw-9Sw%"))
	acc := newFakeAccounts(nil, "staff")
	acc.failNext("SetEmail", "cy", errors.New("OCS 102: invalid address"))
	imp := newFakeImporter(acc)
	imp.answer("bob", reported(itemsReport(1, 0, 0, 1)), reported(itemsReport(0, 1, 0, 0)))
	state := newTestState(t)
	opt := Options{State: state, WelcomeMail: true}

	rows, err := Run(context.Background(), m, acc, imp.run, opt)
	if err != nil {
		t.Fatalf("first run: %v", err)
	}
	checkRows(t, rows, []Row{
		{UserID: "ann", DisplayName: "Ann Martin", Account: AccountCreated, Counts: Counts{Imported: 1}},
		{UserID: "bob", DisplayName: "Bob Martin", Account: AccountCreated, Counts: Counts{Imported: 1, Failed: 1}, Err: errText("failed")},
		{UserID: "cy", DisplayName: "Cy Martin", Account: AccountCreated, Counts: Counts{Imported: 1}, Err: errText("invalid address")},
	})
	checkMethods(t, acc, "ann", "UserExists", "CreateUser", "Import", "SetEmail", "SendWelcome")
	checkMethods(t, acc, "bob", "UserExists", "CreateUser", "Import") // no mail before the import is done
	checkMethods(t, acc, "cy", "UserExists", "CreateUser", "Import", "SetEmail")
	for _, p := range m.People {
		c := acc.of("CreateUser", p.UserID)
		if len(c) != 1 {
			continue
		}
		want := p
		want.Email = ""
		if !reflect.DeepEqual(c[0].Person, want) {
			t.Errorf("CreateUser(%+v), want the manifest's person without e-mail", c[0].Person)
		}
	}
	if c := acc.of("SetEmail", "ann"); len(c) != 1 || c[0].Email != "ann@example.org" {
		t.Errorf("ann's SetEmail: %+v, want ann@example.org", c)
	}
	checkStage(t, state, "ann", PersonState{Stage: StageWelcomed, Counts: Counts{Imported: 1}})
	checkStage(t, state, "cy", PersonState{Stage: StageImported, EmailLater: true, Counts: Counts{Imported: 1}})

	before := len(acc.all())
	rows, err = Run(context.Background(), m, acc, imp.run, Options{State: reload(t, state), WelcomeMail: true})
	if err != nil {
		t.Fatalf("second run: %v", err)
	}
	checkRows(t, rows, []Row{
		{UserID: "ann", DisplayName: "Ann Martin", Account: AccountCreated, Counts: Counts{Imported: 1}},
		{UserID: "bob", DisplayName: "Bob Martin", Account: AccountCreated, Counts: Counts{Present: 1}},
		{UserID: "cy", DisplayName: "Cy Martin", Account: AccountCreated, Counts: Counts{Imported: 1}},
	})
	var second []string
	for _, c := range acc.all()[before:] {
		second = append(second, c.Method+" "+c.UserID)
	}
	slices.Sort(second)
	want := []string{"Import bob", "SendWelcome bob", "SendWelcome cy", "SetEmail bob", "SetEmail cy"}
	if !slices.Equal(second, want) {
		t.Errorf("second run's calls: %q, want %q", second, want)
	}
	checkMethods(t, acc, "bob", "UserExists", "CreateUser", "Import", "Import", "SetEmail", "SendWelcome")
	again := reload(t, state)
	for _, id := range []string{"ann", "bob", "cy"} {
		if st := again.Get(id).Stage; st != StageWelcomed {
			t.Errorf("%s's stage %q, want %q", id, st, StageWelcomed)
		}
	}

	// A third run sends nothing again.
	before = len(acc.all())
	rows, err = Run(context.Background(), m, acc, imp.run, Options{State: again, WelcomeMail: true})
	if err != nil || Failed(rows) {
		t.Fatalf("third run: %v, %+v", err, rows)
	}
	if calls := acc.all()[before:]; len(calls) != 0 {
		t.Errorf("third run's calls: %+v, want none", calls)
	}
}

func TestRunWelcomeMailNeedsAddress(t *testing.T) {
	bob := newPerson("bob", "Bob-pw-8Rz?")
	bob.Email = ""
	m := manifestOf(newPerson("ann", "Ann-pw-7Qx!"), bob)
	acc := newFakeAccounts(nil)
	imp := newFakeImporter(acc)
	rows, err := Run(context.Background(), m, acc, imp.run, Options{State: newTestState(t), WelcomeMail: true})
	if err == nil {
		t.Fatal("no error for a person without e-mail address and --welcome-mail")
	}
	for _, want := range []string{"line 3", "bob", "e-mail", "--welcome-mail"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if rows != nil || len(acc.all()) != 0 {
		t.Errorf("rows %+v and calls %+v before the error, want none", rows, acc.all())
	}
}

func TestRunWelcomeMailReused(t *testing.T) {
	m := manifestOf(newPerson("ann", "Ann-pw-7Qx!"))
	acc := newFakeAccounts([]string{"ann"})
	imp := newFakeImporter(acc)
	state := newTestState(t)
	rows, err := Run(context.Background(), m, acc, imp.run,
		Options{State: state, WelcomeMail: true, Existing: ExistingReuse})
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, rows, []Row{{UserID: "ann", DisplayName: "Ann Martin", Account: AccountReused, Counts: Counts{Imported: 1}}})
	checkMethods(t, acc, "ann", "UserExists", "Import", "SendWelcome")
	checkStage(t, state, "ann", PersonState{Stage: StageWelcomed, Reused: true, Counts: Counts{Imported: 1}})
}

func TestRunFailureIsolation(t *testing.T) {
	m := manifestOf(newPerson("ann", "Ann-pw-7Qx!"), newPerson("bob", "Bob-pw-8Rz?"),
		newPerson("cy", "Cy-pw-9Sw%"), newPerson("dee", "Dee-pw-5Wq="))
	acc := newFakeAccounts(nil)
	acc.failNext("CreateUser", "ann", errors.New("500 Internal Server Error"))
	acc.failNext("UserExists", "cy", errors.New("connection reset by peer"))
	imp := newFakeImporter(acc)
	// Plain errors never count as refused logins, even with a limit of 1.
	rows, err := Run(context.Background(), m, acc, imp.run,
		Options{State: newTestState(t), AuthFailure: isRefused, StopAfter401s: 1})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	checkRows(t, rows, []Row{
		{UserID: "ann", DisplayName: "Ann Martin", Account: AccountFailed, Err: errText("500 Internal Server Error")},
		{UserID: "bob", DisplayName: "Bob Martin", Account: AccountCreated, Counts: Counts{Imported: 1}},
		{UserID: "cy", DisplayName: "Cy Martin", Account: AccountFailed, Err: errText("connection reset by peer")},
		{UserID: "dee", DisplayName: "Dee Martin", Account: AccountCreated, Counts: Counts{Imported: 1}},
	})
	if !Failed(rows) {
		t.Error("Failed(rows) = false")
	}
	checkMethods(t, acc, "ann", "UserExists", "CreateUser")
	checkMethods(t, acc, "cy", "UserExists")
}

func TestRunStopsAfterRefusedLogins(t *testing.T) {
	people := []Person{newPerson("ann", "Ann-pw-7Qx!"), newPerson("bob", "Bob-pw-8Rz?"), newPerson("cy", "Cy-pw-9Sw%"),
		newPerson("dee", "Dee-pw-5Wq="), newPerson("eve", "Eve-pw-2Tv="), newPerson("fay", "Fay-pw-3Uu@")}
	tests := []struct {
		name        string
		refused     []string // the people whose step meets a 401
		stopAfter   int
		authFailure func(error) bool
		wantStop    int // the index of the first person not started; 0 when the batch goes on
	}{
		{"three stop the batch", []string{"ann", "bob", "cy"}, 0, isRefused, 3},
		{"two do not", []string{"ann", "cy"}, 0, isRefused, 0},
		{"a limit of one", []string{"bob"}, 1, isRefused, 2},
		{"a limit of four", []string{"ann", "bob", "cy", "dee"}, 4, isRefused, 4},
		{"no AuthFailure counts none", []string{"ann", "bob", "cy"}, 0, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acc := newFakeAccounts(nil)
			imp := newFakeImporter(acc)
			// A 401 at each of the steps that log in: the admin's calls,
			// a person's import, a person's import that stops.
			for i, id := range tt.refused {
				switch i % 3 {
				case 0:
					acc.failNext("CreateUser", id, fmt.Errorf("creating: %w", &refusedLogin{"admin"}))
				case 1:
					imp.answer(id, importFails(fmt.Errorf("logging in: %w", &refusedLogin{id})))
				case 2:
					rep := itemsReport(0, 0, 0, 3)
					rep.Stopped = importers.Fatal(&refusedLogin{id})
					imp.answer(id, reported(rep))
				}
			}
			rows, err := Run(context.Background(), manifestOf(people...), acc, imp.run,
				Options{State: newTestState(t), Parallel: 1, StopAfter401s: tt.stopAfter, AuthFailure: tt.authFailure})
			if len(rows) != len(people) {
				t.Fatalf("%d rows, want one per person (%d)", len(rows), len(people))
			}
			for i, r := range rows {
				if r.UserID != people[i].UserID {
					t.Errorf("row %d is %s, want %s", i, r.UserID, people[i].UserID)
				}
			}
			if tt.wantStop == 0 {
				if err != nil {
					t.Errorf("Run: %v, want no error", err)
				}
				for i, r := range rows {
					if !slices.Contains(tt.refused, r.UserID) && !r.OK() {
						t.Errorf("row %d: %+v, want it done", i, r)
					}
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), "refused login") || !isRefused(err) {
				t.Fatalf("Run: %v, want the batch stopped after refused logins", err)
			}
			for i, r := range rows {
				if i < tt.wantStop {
					refused := slices.Contains(tt.refused, r.UserID)
					if refused && (r.Account == AccountSkipped || r.Err.IsZero() || strings.Contains(r.Err.String(), ErrStopped.Error())) ||
						!refused && !r.OK() {
						t.Errorf("row %d, before the stop: %+v", i, r)
					}
					continue
				}
				want := Row{UserID: r.UserID, DisplayName: people[i].DisplayName, Account: AccountSkipped, Err: lang.FromError(ErrStopped)}
				checkRows(t, rows[i:i+1], []Row{want})
				if calls := acc.methods(r.UserID); len(calls) != 0 {
					t.Errorf("%s was not to be started, but had %v", r.UserID, calls)
				}
			}
		})
	}
}

// An Accounts error marked importers.Fatal (the admin may not create
// accounts) stops the batch at once: everybody else would fail the same way.
func TestRunStopsOnFatalAccountsError(t *testing.T) {
	people := []Person{newPerson("ann", "Ann-pw-7Qx!"), newPerson("bob", "Bob-pw-8Rz?"), newPerson("cy", "Cy-pw-9Sw%")}
	notAdmin := errors.New("the account is not an administrator")
	tests := []struct {
		name    string
		err     error
		stopped bool
	}{
		{"fatal", importers.Fatal(notAdmin), true},
		{"plain", notAdmin, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acc := newFakeAccounts(nil)
			acc.failNext("CreateUser", "bob", tt.err)
			imp := newFakeImporter(acc)
			rows, err := Run(context.Background(), manifestOf(people...), acc, imp.run,
				Options{State: newTestState(t), Parallel: 1})
			bob := Row{UserID: "bob", DisplayName: "Bob Martin", Account: AccountFailed, Err: errText("not an administrator")}
			ann := Row{UserID: "ann", DisplayName: "Ann Martin", Account: AccountCreated, Counts: Counts{Imported: 1}}
			if !tt.stopped {
				if err != nil {
					t.Errorf("Run: %v, want no error", err)
				}
				checkRows(t, rows, []Row{ann, bob, {UserID: "cy", DisplayName: "Cy Martin", Account: AccountCreated, Counts: Counts{Imported: 1}}})
				return
			}
			if !errors.Is(err, notAdmin) {
				t.Errorf("Run: %v, want the batch stopped by %v", err, notAdmin)
			}
			checkRows(t, rows, []Row{ann, bob,
				{UserID: "cy", DisplayName: "Cy Martin", Account: AccountSkipped, Err: errText("not an administrator")}})
			if calls := acc.methods("cy"); len(calls) != 0 {
				t.Errorf("cy was not to be started, but had %v", calls)
			}
		})
	}
}

func TestRunCancelled(t *testing.T) {
	people := []Person{newPerson("ann", "Ann-pw-7Qx!"), newPerson("bob", "Bob-pw-8Rz?"), newPerson("cy", "Cy-pw-9Sw%")}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	acc := newFakeAccounts(nil)
	imp := newFakeImporter(acc)
	imp.during = func(ctx context.Context, p Person) {
		if p.UserID == "ann" {
			cancel() // Ctrl-C during ann's import
		}
	}
	imp.answer("ann", importFails(context.Canceled))
	rows, err := Run(ctx, manifestOf(people...), acc, imp.run, Options{State: newTestState(t), Parallel: 1})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Run: %v, want context.Canceled", err)
	}
	checkRows(t, rows, []Row{
		{UserID: "ann", DisplayName: "Ann Martin", Account: AccountCreated, Err: errText("canceled")},
		{UserID: "bob", DisplayName: "Bob Martin", Account: AccountSkipped, Err: lang.FromError(ErrStopped)},
		{UserID: "cy", DisplayName: "Cy Martin", Account: AccountSkipped, Err: lang.FromError(ErrStopped)},
	})
}

func TestRunParallel(t *testing.T) {
	const n, parallel = 20, 4
	var people []Person
	for i := range n {
		people = append(people, newPerson(fmt.Sprintf("user%02d", i), fmt.Sprintf("Pw-%02d-Xy7!", i)))
	}
	acc := newFakeAccounts(nil)
	imp := newFakeImporter(acc)
	start := time.Now()
	// Each import waits a little for others to start, so that a pool
	// allowing more than parallel people would show it.
	imp.during = func(ctx context.Context, p Person) {
		for imp.maxInflight.Load() < parallel && time.Since(start) < 3*time.Second {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(5 * time.Millisecond)
	}
	for i, p := range people {
		imp.answer(p.UserID, reported(itemsReport(i, 1, 0, 0)))
	}
	state := newTestState(t)
	rows, err := Run(context.Background(), manifestOf(people...), acc, imp.run, Options{State: state, Parallel: parallel})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	var want []Row
	for i, p := range people {
		want = append(want, Row{UserID: p.UserID, DisplayName: p.DisplayName, Account: AccountCreated, Counts: Counts{Imported: i, Present: 1}})
	}
	checkRows(t, rows, want)
	if Failed(rows) {
		t.Error("Failed(rows) = true")
	}
	if got := imp.maxInflight.Load(); got != parallel {
		t.Errorf("at most %d imports at once, want %d", got, parallel)
	}
	for _, p := range people {
		checkMethods(t, acc, p.UserID, "UserExists", "CreateUser", "Import")
		if c := acc.of("Import", p.UserID); len(c) == 1 && c[0].Password != p.Password {
			t.Errorf("%s imported with %q, want %q", p.UserID, c[0].Password, p.Password)
		}
		if st := state.Get(p.UserID).Stage; st != StageImported {
			t.Errorf("%s's stage %q", p.UserID, st)
		}
	}
}

// An account created without its address for the welcome mail gets it on
// a later run, also one without --welcome-mail.
func TestRunEmailSetLater(t *testing.T) {
	m := manifestOf(newPerson("cy", "Cy-pw-9Sw%"))
	acc := newFakeAccounts(nil)
	acc.failNext("SetEmail", "cy", errors.New("the server is busy"))
	imp := newFakeImporter(acc)
	state := newTestState(t)
	if _, err := Run(context.Background(), m, acc, imp.run, Options{State: state, WelcomeMail: true}); err != nil {
		t.Fatal(err)
	}
	checkStage(t, state, "cy", PersonState{Stage: StageImported, EmailLater: true, Counts: Counts{Imported: 1}})
	before := len(acc.all())
	state = reload(t, state)
	rows, err := Run(context.Background(), m, acc, imp.run, Options{State: state})
	if err != nil || !rows[0].OK() {
		t.Fatalf("%v %+v", err, rows)
	}
	var calls []string
	for _, c := range acc.all()[before:] {
		calls = append(calls, c.Method+" "+c.UserID)
	}
	if want := []string{"SetEmail cy"}; !slices.Equal(calls, want) {
		t.Errorf("second run's calls: %q, want %q", calls, want)
	}
	checkStage(t, state, "cy", PersonState{Stage: StageImported, Counts: Counts{Imported: 1}})
}
