package nextcloud

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// Put stores one object with PUT and If-None-Match: *, so nothing already
// there is ever overwritten:
//   - 201/204: imported;
//   - 412: present (a re-run: the name comes from the UID);
//   - 400/409 naming a UID conflict: present under another name;
//   - 400 about a deleted object with that UID: failed, with the way out
//     of Nextcloud's calendar trash bin;
//   - 401, and 403 other than for size or component type: fatal.
//
// An item in a folder (importers.Folder) is a file; putFile (files.go)
// stores it.
func (d *DAV) Put(ctx context.Context, it *importers.Item) (importers.Outcome, lang.Text, error) {
	if it.Collection != nil && it.Collection.Kind == importers.Folder {
		return d.putFile(ctx, it)
	}
	k, _, err := d.kindOf(it.Collection)
	if err != nil {
		return importers.Failed, lang.Text{}, err
	}
	base := d.collection(it.Collection)
	if base == nil {
		return importers.Failed, lang.Text{}, lang.Errorf("%v %q is not ready (it was not created)", k.the, it.Collection.Name)
	}
	if it.Name == "" || it.Name == "." || it.Name == ".." || strings.ContainsAny(it.Name, "/\\") {
		return importers.Failed, lang.Text{}, lang.Errorf("cannot use %q as an object name", it.Name)
	}
	body := it.Body
	if body == nil {
		rc, err := it.Open()
		if err != nil {
			return importers.Failed, lang.Text{}, err
		}
		body, err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return importers.Failed, lang.Text{}, lang.Errorf("reading the item: %w", err)
		}
	}
	target := base.ResolveReference(&url.URL{Path: base.Path + it.Name})
	// A bytes.Reader gives the request a Content-Length and a GetBody, so
	// it can be sent again.
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, target.String(), bytes.NewReader(body))
	if err != nil {
		return importers.Failed, lang.Text{}, err
	}
	req.Header.Set("Content-Type", k.contentType)
	req.Header.Set("If-None-Match", "*")

	resp, err := d.client.Do(req)
	if err != nil {
		var te *ThrottledError
		if errors.As(err, &te) {
			// Every further request would be refused the same way.
			return importers.Failed, lang.Text{}, importers.Fatal(err)
		}
		return importers.Failed, lang.Text{}, err
	}
	switch {
	case resp.StatusCode/100 == 2:
		discard(resp)
		return importers.Imported, lang.Text{}, nil
	case resp.StatusCode == http.StatusPreconditionFailed:
		discard(resp)
		return importers.Present, lang.T("already on the server"), nil
	}

	p := readProblem(resp)
	switch s := resp.StatusCode; {
	case (s == http.StatusBadRequest || s == http.StatusConflict) && p.has("", "deleted") && p.has("", "already exists"):
		return importers.Failed, lang.Text{}, lang.Errorf("the server refuses %v because a deleted one with the same UID is still in its trash bin (%s). "+
			"Empty the trash bin (Nextcloud Calendar: Settings → Trash bin), or have an administrator turn it off with "+
			"`occ config:app:set dav calendarRetentionObligation --value=0`, then run the import again", k.theObject, p)
	case (s == http.StatusBadRequest || s == http.StatusConflict) && p.has("no-uid-conflict", "already exists"):
		return importers.Present, lang.T("already in %v under another name", k.the), nil
	case s == http.StatusForbidden && p.has("", "exceeds"):
		return importers.Failed, lang.Text{}, lang.Errorf("the server refuses objects this large (%s)", p)
	case s == http.StatusForbidden && (p.has("supported-calendar-component", "only supports") || strings.Contains(p.Exception, "InvalidComponentType")):
		return importers.Failed, lang.Text{}, lang.Errorf("%v %q does not take this kind of entry (%s)", k.the, it.Collection.Name, p)
	case s == http.StatusForbidden:
		return importers.Failed, lang.Text{}, importers.Fatal(lang.Errorf("the server does not allow adding to %v %q (%s); check that this account may write there",
			k.the, it.Collection.Name, p))
	case s == http.StatusUnsupportedMediaType:
		return importers.Failed, lang.Text{}, lang.Errorf("the server rejected %v as invalid (%s)", k.theObject, p)
	}
	return importers.Failed, lang.Text{}, lang.Errorf("the server answered %s", p)
}
