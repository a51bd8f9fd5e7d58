package nextcloud

import (
	"context"
	"net/url"
	"strings"
	"sync"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// DAV is an importers.Target on a CalDAV and CardDAV server (Nextcloud,
// Radicale, or any other) and on a WebDAV server for files (Nextcloud,
// rclone, or any other). On a Nextcloud with the Photos app it also keeps
// albums (photos.go).
type DAV struct {
	client *Client
	ends   Endpoints
	into   map[string]bool

	mu    sync.Mutex
	colls map[*importers.Collection]*url.URL // ensured collections, path ending in "/"

	files  files  // files.go
	photos photos // photos.go
}

var _ importers.AlbumTarget = (*DAV)(nil)

// New connects: it checks the options and discovers the homes. A rejected
// password is a Fatal error.
func New(ctx context.Context, opts Options) (*DAV, error) {
	o, err := opts.normalize()
	if err != nil {
		return nil, err
	}
	c := NewClient(o.User, o.Password, o.clientOptions())
	e, err := discover(ctx, c, o)
	if err != nil {
		return nil, c.scrub(err)
	}
	d := &DAV{client: c, ends: *e, into: map[string]bool{}, colls: map[*importers.Collection]*url.URL{}}
	d.files.init()
	d.photos.init()
	for _, name := range o.Into {
		d.into[strings.TrimSpace(name)] = true
	}
	return d, nil
}

// Endpoints are the homes New discovered.
func (d *DAV) Endpoints() Endpoints { return d.ends }

// Client is the HTTP client New built, for requests of callers' own.
func (d *DAV) Client() *Client { return d.client }

// CollectionURL is where Ensure put c, or "" before Ensure succeeded.
func (d *DAV) CollectionURL(c *importers.Collection) string {
	if u := d.collection(c); u != nil {
		return u.String()
	}
	return ""
}

func (d *DAV) collection(c *importers.Collection) *url.URL {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.colls[c]
}

func (d *DAV) remember(c *importers.Collection, home *url.URL, path string) {
	if !strings.HasSuffix(path, "/") {
		path += "/"
	}
	u := home.ResolveReference(&url.URL{Path: path})
	d.mu.Lock()
	defer d.mu.Unlock()
	d.colls[c] = u
}

// kindOf is the kind of collection c is, and its discovered home.
func (d *DAV) kindOf(c *importers.Collection) (*kind, *url.URL, error) {
	if c == nil {
		return nil, nil, lang.New("the item has no collection")
	}
	var home string
	var why error
	var k *kind
	switch c.Kind {
	case importers.Calendar:
		k, home, why = &calendars, d.ends.CalendarHome, d.ends.CalDAVError
	case importers.AddressBook:
		k, home, why = &addressBooks, d.ends.AddressBookHome, d.ends.CardDAVError
	default:
		return nil, nil, lang.Errorf("this kind of collection (%s) cannot be stored on a CalDAV or CardDAV server", c.Kind)
	}
	if home == "" {
		if why == nil {
			return nil, nil, lang.Errorf("no %s address was given, so %v cannot be imported", k.service, k.nouns)
		}
		return nil, nil, lang.Errorf("%v cannot be imported: %w", k.nouns, why)
	}
	u, err := url.Parse(home)
	if err != nil {
		return nil, nil, err
	}
	return k, u, nil
}
