package nextcloud

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/emersion/go-webdav/caldav"
	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

var calendars = kind{
	service:     "CalDAV",
	the:         lang.T("the calendar"),
	a:           lang.T("a calendar"),
	nouns:       lang.T("calendars"),
	theObject:   lang.T("the calendar entry"),
	limit:       lang.T("Nextcloud allows 30 calendars and subscriptions per user by default; delete unused ones, or ask the administrator to raise the app setting dav maximumCalendarsSubscriptions"),
	contentType: "text/calendar; charset=utf-8",
	list:        listCalendars,
	create:      mkcalendar,
	accepts:     calendarAccepts,
}

func listCalendars(ctx context.Context, c *Client, home *url.URL) ([]existing, error) {
	cc, err := caldav.NewClient(c, home.String())
	if err != nil {
		return nil, err
	}
	cals, err := cc.FindCalendars(ctx, home.Path)
	if err != nil {
		return nil, err
	}
	out := make([]existing, 0, len(cals))
	for _, cal := range cals {
		out = append(out, existing{Path: cal.Path, Name: cal.Name, Components: cal.SupportedComponentSet})
	}
	return out, nil
}

var colorRE = regexp.MustCompile(`^#[0-9A-Fa-f]{6}([0-9A-Fa-f]{2})?$`)

// mkcalendar builds an MKCALENDAR request (RFC 4791 §5.3.1).
//
// calendar-timezone wants a whole VCALENDAR with a VTIMEZONE, which the IANA
// name alone does not give, so it is set only when the source has one.
// Events carry their own time zones either way.
func mkcalendar(c *importers.Collection) (string, []byte) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	b.WriteString(`<c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:a="http://apple.com/ns/ical/">`)
	b.WriteString(`<d:set><d:prop>`)
	fmt.Fprintf(&b, `<d:displayname>%s</d:displayname>`, xmlText(c.Name)) //lang:data
	if c.Description != "" {
		fmt.Fprintf(&b, `<c:calendar-description>%s</c:calendar-description>`, xmlText(c.Description)) //lang:data
	}
	if len(c.TimezoneData) > 0 {
		fmt.Fprintf(&b, `<c:calendar-timezone>%s</c:calendar-timezone>`, xmlText(string(c.TimezoneData))) //lang:data
	}
	if colorRE.MatchString(c.Color) {
		fmt.Fprintf(&b, `<a:calendar-color>%s</a:calendar-color>`, strings.ToUpper(c.Color)) //lang:data
	}
	b.WriteString(`<c:supported-calendar-component-set>`)
	for _, comp := range components(c) {
		fmt.Fprintf(&b, `<c:comp name="%s"/>`, xmlText(strings.ToUpper(comp))) //lang:data
	}
	b.WriteString(`</c:supported-calendar-component-set>`)
	b.WriteString(`</d:prop></d:set></c:mkcalendar>`)
	return "MKCALENDAR", []byte(b.String())
}
