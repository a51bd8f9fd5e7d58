// Package ui is takeback's local web page: a server on 127.0.0.1 that walks
// a person through the move in five steps (choose the archives, connect to
// Nextcloud, preview, import, done). The page drives the same engine as the
// command line, through a Backend; the handlers only carry requests to it
// and its answers back.
package ui
