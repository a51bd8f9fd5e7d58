package nextcloud

import (
	"context"
	"net/http"
	"net/url"
	"path"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

var _ importers.Inspector = (*DAV)(nil)

// Inspect tells, for a preview, what the server already has of each item,
// changing nothing: one listing per calendar, address book or folder, not
// one request per item.
//   - Calendar entries and cards: present when an object of the item's
//     name is in its collection (names come from UIDs).
//   - Files: present when a file of the same name and size is at the
//     item's place or at one of its numbered names; in conflict when a
//     different file holds the name, so the item will get another one.
func (d *DAV) Inspect(ctx context.Context, items []*importers.Item) (map[*importers.Item]importers.Status, error) {
	status := map[*importers.Item]importers.Status{}
	objects := map[*importers.Collection]map[string]bool{}
	folders := map[string]map[string]int64{} // folder → file name → size; nil when missing
	for _, it := range items {
		if it.Collection == nil || !it.Skip.IsZero() || !it.Fail.IsZero() {
			continue
		}
		var st importers.Status
		var err error
		if it.Collection.Kind == importers.Folder {
			st, err = d.inspectFile(ctx, it, folders)
		} else {
			names, ok := objects[it.Collection]
			if !ok {
				if names, err = d.objectNames(ctx, it.Collection); err != nil {
					return nil, err
				}
				objects[it.Collection] = names
			}
			st = importers.New
			if names[it.Name] {
				st = importers.Already
			}
		}
		if err != nil {
			return nil, err
		}
		status[it] = st
	}
	return status, nil
}

// objectNames lists the object names in c's collection; none when it does
// not exist yet.
func (d *DAV) objectNames(ctx context.Context, c *importers.Collection) (map[string]bool, error) {
	k, home, found, _, err := d.find(ctx, c)
	if err != nil || found == "" {
		return map[string]bool{}, err
	}
	u := home.ResolveReference(urlPath(found))
	entries, p, err := d.propfindAnswer(ctx, u, "1")
	switch {
	case err != nil:
		return nil, err
	case p != nil && p.Status == http.StatusNotFound:
		return map[string]bool{}, nil
	case p != nil:
		return nil, lang.Errorf("listing %v %q: the server answered %s", k.the, c.Name, *p)
	}
	names := map[string]bool{}
	self := path.Clean(u.Path)
	for _, e := range entries {
		if e.path != self && !e.dir {
			names[path.Base(e.path)] = true
		}
	}
	return names, nil
}

func (d *DAV) inspectFile(ctx context.Context, it *importers.Item, folders map[string]map[string]int64) (importers.Status, error) {
	root, err := d.filesRoot()
	if err != nil {
		return "", err
	}
	rules := d.NameRules()
	var why renames
	rel := rules.safePath(it.Name, &why)
	dir := joinPath(rules.safePath(it.Collection.Name, &why), path.Dir(rel))
	name := path.Base(rel)
	size, err := itemSize(it)
	if err != nil {
		return "", err
	}
	sizes, listed := folders[dir]
	if !listed {
		if sizes, err = d.fileSizes(ctx, fileURL(root, dir, true)); err != nil {
			return "", lang.Errorf("listing the folder %q: %w", dir, err)
		}
		folders[dir] = sizes
	}
	if _, taken := sizes[name]; !taken {
		return importers.New, nil
	}
	for n := 1; n <= maxNumbered; n++ {
		s, ok := sizes[numbered(name, n)]
		if !ok {
			break
		}
		if s == size {
			return importers.Already, nil
		}
	}
	return importers.Conflict, nil
}

// fileSizes lists a folder's files by name; nil when the folder is missing.
func (d *DAV) fileSizes(ctx context.Context, u *url.URL) (map[string]int64, error) {
	entries, p, err := d.propfindAnswer(ctx, u, "1")
	switch {
	case err != nil:
		return nil, err
	case p != nil && p.Status == http.StatusNotFound:
		return nil, nil
	case p != nil:
		return nil, lang.Errorf("the server answered %s", *p)
	}
	sizes := map[string]int64{}
	for _, e := range entries {
		if !e.dir {
			sizes[path.Base(e.path)] = e.size
		}
	}
	return sizes, nil
}

func urlPath(p string) *url.URL { return &url.URL{Path: p} }
