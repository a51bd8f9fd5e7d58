// Package nextcloud sends takeback's plan to Nextcloud, or to any CalDAV,
// CardDAV and WebDAV server. It mirrors the protocol and nothing more: an
// HTTP client that authenticates, retries what is safe to retry and keeps
// secrets out of errors (http.go, retry.go); discovery of the calendar and
// address-book homes and of the files root (discover.go); collections
// (collections.go, caldav.go, carddav.go); objects (put.go); files and
// folders over WebDAV (files.go, names.go); and Nextcloud Photos albums
// (photos.go). DAV (dav.go) ties them into an importers.AlbumTarget.
//
// Server (ocs.go) talks to a Nextcloud's own APIs: status.php (status.go),
// OCS capabilities, current user and app passwords (capabilities.go,
// user.go, apppassword.go), Login Flow v2 (loginflow.go) and the Photos
// timeline folders (photosconfig.go). Diagnose (doctor.go, limits.go)
// checks a server before an import and explains what it finds.
//
// Package double is a fake Nextcloud for tests of what only Nextcloud does.
package nextcloud
