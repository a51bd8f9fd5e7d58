package google

import (
	"path"
	"sort"
	"strings"
)

// keepIndex finds notes' attachments among the remembered files: in the
// note's folder by name, then by name with another extension of the same format, because filePath
// may say .jpeg while the file is .jpg (google-takeout.md §5.3); then by
// name in any remembered folder. Lists are in walk order.
type keepIndex struct {
	byName map[string][]*keepFile // folder + "\x00" + keepNameKey(name)
	byStem map[string][]*keepFile // folder + "\x00" + keepNameKey(stem)
	anyDir map[string][]*keepFile // keepNameKey(name)
}

// keepNameKey compares names in NFC, with no-break spaces as spaces, and
// without regard to case.
func keepNameKey(s string) string { return strings.ToLower(normName(s)) }

func newKeepIndex(files map[string][]*keepFile) *keepIndex {
	var all []*keepFile
	for _, fs := range files {
		all = append(all, fs...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].seq < all[j].seq })
	x := &keepIndex{byName: map[string][]*keepFile{}, byStem: map[string][]*keepFile{}, anyDir: map[string][]*keepFile{}}
	for _, f := range all {
		dir, name := path.Split(f.member.Path)
		stem := strings.TrimSuffix(name, path.Ext(name))
		x.byName[dir+"\x00"+keepNameKey(name)] = append(x.byName[dir+"\x00"+keepNameKey(name)], f)
		x.byStem[dir+"\x00"+keepNameKey(stem)] = append(x.byStem[dir+"\x00"+keepNameKey(stem)], f)
		x.anyDir[keepNameKey(name)] = append(x.anyDir[keepNameKey(name)], f)
	}
	return x
}

// find returns the file an attachment's filePath names, for a note in dir,
// or nil. Another extension is only taken for the same format: a .jpg for
// a .jpeg.
func (x *keepIndex) find(dir, filePath string) *keepFile {
	name := path.Base(strings.ReplaceAll(filePath, `\`, "/"))
	if name == "." || name == "/" {
		return nil
	}
	if fs := x.byName[dir+"\x00"+keepNameKey(name)]; len(fs) > 0 {
		return fs[0]
	}
	ext := path.Ext(name)
	for _, f := range x.byStem[dir+"\x00"+keepNameKey(strings.TrimSuffix(name, ext))] {
		if keepSameExt(path.Ext(f.member.Path), ext) {
			return f
		}
	}
	if fs := x.anyDir[keepNameKey(name)]; len(fs) > 0 {
		return fs[0]
	}
	return nil
}

// keepSameExt says whether two extensions name one format: ".jpeg" and ".JPG".
func keepSameExt(a, b string) bool {
	canon := func(e string) string {
		e = strings.ToLower(e)
		switch e {
		case ".jpeg", ".jpe":
			return ".jpg"
		case ".tiff":
			return ".tif"
		}
		return e
	}
	return canon(a) == canon(b)
}
