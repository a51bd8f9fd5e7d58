package main

import (
	"github.com/takeback/takeback/google"
	"github.com/takeback/takeback/importers"
)

func newSources() []importers.Source {
	return []importers.Source{google.NewTakeout()}
}
