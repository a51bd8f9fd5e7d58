package nextcloud

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// kind holds what differs between calendars and address books.
type kind struct {
	service string // "CalDAV"
	// the, a and nouns name the collections in messages: "the calendar",
	// "a calendar", "calendars"; theObject names one object, "the
	// calendar entry".
	the, a, nouns, theObject lang.Text
	// limit explains Nextcloud's cap on how many a user may have.
	limit lang.Text
	// contentType is the media type of the objects.
	contentType string
	// list returns the collections of this kind in home.
	list func(ctx context.Context, c *Client, home *url.URL) ([]existing, error)
	// create returns the method and body that create c.
	create func(c *importers.Collection) (method string, body []byte)
	// accepts says why items of c cannot go into e, if they cannot.
	accepts func(e existing, c *importers.Collection) error
}

// existing is a collection found in a home.
type existing struct {
	Path       string   // URL path, decoded, as the server gave it
	Name       string   // display name
	Components []string // calendars: supported components; empty means any
}

// Ensure finds or creates c's collection:
//  1. one at <home>/<c.ID>/ is reused: takeback made it on an earlier run;
//  2. else one with the display name c.Name is used when c.Name is in
//     Options.Into, and is an error otherwise, so a user's own calendar is
//     never filled by surprise;
//  3. else it is created at <home>/<c.ID>/.
//
// A folder (importers.Folder) is created with its parents under the files
// root instead (files.go).
func (d *DAV) Ensure(ctx context.Context, c *importers.Collection) error {
	if c != nil && c.Kind == importers.Folder {
		return d.ensureFolder(ctx, c)
	}
	k, home, found, want, err := d.find(ctx, c)
	if err != nil {
		return err
	}
	if found != "" {
		d.remember(c, home, found)
		return nil
	}
	return d.create(ctx, k, home, want, c)
}

// find looks for c's collection without changing anything: found is its
// path when it exists (ours from an earlier run, or the user's own named in
// --into), else "" and want is where it would be created.
func (d *DAV) find(ctx context.Context, c *importers.Collection) (k *kind, home *url.URL, found, want string, err error) {
	k, home, err = d.kindOf(c)
	if err != nil {
		return nil, nil, "", "", err
	}
	if c.ID == "" || c.ID == "." || c.ID == ".." || strings.ContainsAny(c.ID, "/\\") {
		return nil, nil, "", "", lang.Errorf("cannot use %q as the address of %v", c.ID, k.the)
	}
	want = strings.TrimSuffix(home.Path, "/") + "/" + c.ID + "/"
	all, err := k.list(ctx, d.client, home)
	if err != nil {
		return nil, nil, "", "", lang.Errorf("listing the %v in %s: %w", k.nouns, home, err)
	}
	if at(all, want) != nil {
		return k, home, want, want, nil
	}
	if named := byName(all, c.Name); len(named) > 0 {
		switch {
		case !d.into[strings.TrimSpace(c.Name)]:
			return nil, nil, "", "", lang.Errorf("%v named %q already exists; pass --into %q to add to it", k.a, c.Name, c.Name)
		case len(named) > 1: // so the count is always a plural
			return nil, nil, "", "", lang.Errorf("%d %v are named %q, so --into cannot choose; rename all but one", len(named), k.nouns, c.Name)
		}
		if err := k.accepts(named[0], c); err != nil {
			return nil, nil, "", "", err
		}
		return k, home, named[0].Path, want, nil
	}
	return k, home, "", want, nil
}

// create makes the collection at want.
func (d *DAV) create(ctx context.Context, k *kind, home *url.URL, want string, c *importers.Collection) error {
	target := home.ResolveReference(&url.URL{Path: want})
	method, body := k.create(c)
	req, err := http.NewRequestWithContext(ctx, method, target.String(), bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", `application/xml; charset="utf-8"`)
	resp, err := d.client.Do(req)
	if err != nil {
		var te *ThrottledError
		if errors.As(err, &te) && te.Status == http.StatusTooManyRequests {
			return lang.Errorf("too many %v were created in the last hour; try again after %s",
				k.nouns, te.Until.Local().Format("15:04"))
		}
		return lang.Errorf("creating %v %q: %w", k.the, c.Name, err)
	}
	if resp.StatusCode/100 == 2 {
		discard(resp)
		d.remember(c, home, want)
		return nil
	}
	p := readProblem(resp)
	switch resp.StatusCode {
	case http.StatusMethodNotAllowed, http.StatusConflict:
		// Exists (an earlier attempt, a parallel run), or something else is
		// in the way: look again.
		found, err := k.list(ctx, d.client, home)
		if err == nil && at(found, want) != nil {
			d.remember(c, home, want)
			return nil
		}
		return lang.Errorf("the server refused to create %v %q at %s (%s); something that is not %v may already use that address",
			k.the, c.Name, target, p, k.a)
	case http.StatusForbidden:
		if p.has("", "limit reached") {
			return lang.Errorf("the server allows no more new %v (%s): %v", k.nouns, p, k.limit)
		}
		return lang.Errorf("the server does not allow creating %v %q at %s (%s)", k.the, c.Name, target, p)
	case http.StatusTooManyRequests:
		return lang.Errorf("too many %v were created in the last hour; try again later (%s)", k.nouns, p)
	}
	return lang.Errorf("creating %v %q: the server answered %s", k.the, c.Name, p)
}

// at is the collection at path p, or nil.
func at(found []existing, p string) *existing {
	for i := range found {
		if samePath(found[i].Path, p) {
			return &found[i]
		}
	}
	return nil
}

func samePath(a, b string) bool {
	return path.Clean("/"+a) == path.Clean("/"+b)
}

// byName lists the collections whose display name is name.
func byName(found []existing, name string) []existing {
	name = strings.TrimSpace(name)
	var out []existing
	for _, e := range found {
		if name != "" && strings.TrimSpace(e.Name) == name {
			out = append(out, e)
		}
	}
	return out
}

// components is c's supported component set, VEVENT when unset.
func components(c *importers.Collection) []string {
	if len(c.Components) == 0 {
		return []string{"VEVENT"}
	}
	return c.Components
}

// anyComponents accepts every collection; address books have one kind of
// object.
func anyComponents(existing, *importers.Collection) error { return nil }

// calendarAccepts checks that e takes every component c needs.
func calendarAccepts(e existing, c *importers.Collection) error {
	if len(e.Components) == 0 {
		return nil
	}
	for _, comp := range components(c) {
		if !slices.ContainsFunc(e.Components, func(s string) bool { return strings.EqualFold(s, comp) }) {
			return lang.Errorf("the calendar %q accepts only %s, not %s", e.Name,
				strings.Join(e.Components, ", "), comp)
		}
	}
	return nil
}

// xmlText escapes s for XML character data.
func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
