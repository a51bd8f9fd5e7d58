// Package nextcloud sends takeback's plan to Nextcloud or to any CalDAV and
// CardDAV server. It mirrors the protocol and nothing more: an HTTP client
// that authenticates, retries what is safe to retry and keeps secrets out of
// errors (http.go, retry.go); discovery of the calendar and address-book
// homes (discover.go); collections (collections.go, caldav.go, carddav.go);
// and objects (put.go). DAV (dav.go) ties them into an importers.Target.
package nextcloud
