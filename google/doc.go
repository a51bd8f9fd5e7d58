// Package google reads Google Takeout archives. It finds each product by
// content rather than by the localized folder names (google-takeout.md §1.3)
// and turns it into importers items: calendars into CalDAV objects, contacts
// into vCards.
package google
