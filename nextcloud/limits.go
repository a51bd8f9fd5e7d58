package nextcloud

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/takeback/takeback/internal/lang"
)

// Nextcloud's limits on calendars and address books (nextcloud-api.md §2.3,
// §6.1, §7; apps/dav/lib/CalDAV/Security/RateLimitingPlugin.php,
// apps/dav/lib/CardDAV/Security/CardDavRateLimitingPlugin.php): at most 30
// calendars and subscriptions (the birthday calendar not counted) and 10
// address books per user, and at most 10 of each created per hour. An
// administrator can change all four.
const (
	MaxCalendars        = 30
	MaxAddressBooks     = 10
	CreationsPerHour    = 10
	birthdayCalendarURI = "contact_birthdays"
)

const (
	nsCalDAV  = "urn:ietf:params:xml:ns:caldav"
	nsCardDAV = "urn:ietf:params:xml:ns:carddav"
	nsCS      = "http://calendarserver.org/ns/"
)

// CountCalendars counts the calendars and subscriptions under a calendar
// home, as Nextcloud's limit does: without the birthday calendar. Calendars
// others share with the user are listed there too and are counted.
func (c *Client) CountCalendars(ctx context.Context, home string) (int, error) {
	return c.countChildren(ctx, home, func(name string, types []xml.Name) bool {
		if name == birthdayCalendarURI {
			return false
		}
		for _, t := range types {
			if t == (xml.Name{Space: nsCalDAV, Local: "calendar"}) || t == (xml.Name{Space: nsCS, Local: "subscribed"}) {
				return true
			}
		}
		return false
	})
}

// CountAddressBooks counts the address books under an address-book home.
func (c *Client) CountAddressBooks(ctx context.Context, home string) (int, error) {
	return c.countChildren(ctx, home, func(_ string, types []xml.Name) bool {
		for _, t := range types {
			if t == (xml.Name{Space: nsCardDAV, Local: "addressbook"}) {
				return true
			}
		}
		return false
	})
}

const resourceTypePropfind = `<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/></d:prop></d:propfind>`

// countChildren lists home with Depth 1 and counts the children that keep
// says to, given their last path element and resource types.
func (c *Client) countChildren(ctx context.Context, home string, keep func(string, []xml.Name) bool) (int, error) {
	hu, err := url.Parse(home)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, "PROPFIND", home, strings.NewReader(resourceTypePropfind))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Depth", "1")
	req.Header.Set("Content-Type", `application/xml; charset="utf-8"`)
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusMultiStatus {
		return 0, lang.Errorf("listing %s: the server answered %s", home, readProblem(resp))
	}
	defer resp.Body.Close()
	var ms struct {
		Responses []struct {
			Href      string `xml:"DAV: href"`
			Propstats []struct {
				Status string `xml:"DAV: status"`
				Types  struct {
					Any []struct{ XMLName xml.Name } `xml:",any"`
				} `xml:"DAV: prop>resourcetype"`
			} `xml:"DAV: propstat"`
		} `xml:"DAV: response"`
	}
	if err := xml.NewDecoder(resp.Body).Decode(&ms); err != nil {
		return 0, lang.Errorf("reading the list of %s: %w", home, err)
	}
	self := path.Clean(hu.Path)
	n := 0
	for _, r := range ms.Responses {
		h, err := url.Parse(strings.TrimSpace(r.Href))
		if err != nil || path.Clean(h.Path) == self {
			continue
		}
		var types []xml.Name
		for _, ps := range r.Propstats {
			if strings.Contains(ps.Status, " 200") {
				for _, t := range ps.Types.Any {
					types = append(types, t.XMLName)
				}
			}
		}
		if keep(path.Base(path.Clean(h.Path)), types) {
			n++
		}
	}
	return n, nil
}
