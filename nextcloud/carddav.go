package nextcloud

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/emersion/go-webdav/carddav"
	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

var addressBooks = kind{
	service:     "CardDAV",
	the:         lang.T("the address book"),
	a:           lang.T("an address book"),
	nouns:       lang.T("address books"),
	theObject:   lang.T("the contact"),
	limit:       lang.T("Nextcloud allows 10 address books per user by default; delete unused ones, or ask the administrator to raise the app setting dav maximumAdressbooks"),
	contentType: "text/vcard; charset=utf-8",
	list:        listAddressBooks,
	create:      mkaddressbook,
	accepts:     anyComponents,
}

func listAddressBooks(ctx context.Context, c *Client, home *url.URL) ([]existing, error) {
	cc, err := carddav.NewClient(c, home.String())
	if err != nil {
		return nil, err
	}
	books, err := cc.FindAddressBooks(ctx, home.Path)
	if err != nil {
		return nil, err
	}
	out := make([]existing, 0, len(books))
	for _, ab := range books {
		out = append(out, existing{Path: ab.Path, Name: ab.Name})
	}
	return out, nil
}

// mkaddressbook builds an extended MKCOL request (RFC 5689, RFC 6352 §6.3.1).
func mkaddressbook(c *importers.Collection) (string, []byte) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	b.WriteString(`<d:mkcol xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav">`)
	b.WriteString(`<d:set><d:prop>`)
	b.WriteString(`<d:resourcetype><d:collection/><card:addressbook/></d:resourcetype>`)
	fmt.Fprintf(&b, `<d:displayname>%s</d:displayname>`, xmlText(c.Name)) //lang:data
	if c.Description != "" {
		fmt.Fprintf(&b, `<card:addressbook-description>%s</card:addressbook-description>`, xmlText(c.Description)) //lang:data
	}
	b.WriteString(`</d:prop></d:set></d:mkcol>`)
	return "MKCOL", []byte(b.String())
}
