// Package facebook reads the JSON records of a Facebook "Download Your
// Information" export (facebook-export.md): events for CalDAV, photos,
// videos and albums for WebDAV. Files are recognised by their top-level
// keys, never by their paths, since the layout changes with every
// generation of the export (§2). Every string value is repaired from
// Facebook's mojibake (§6) as the file is decoded.
package facebook
