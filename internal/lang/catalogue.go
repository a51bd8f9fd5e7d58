package lang

import (
	"fmt"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message/catalog"
)

// Catalogue maps English formats to French ones. Each catalogue_*.go file
// holds the messages of one part of takeback and adds them with add.
type Catalogue map[string]string

// Plural is a message whose words follow a count: its forms for one and
// for several, in English and in French (where 0 takes the singular too).
// Arg is the position of the count among the arguments, from 1.
type Plural struct {
	Arg int
	En  [2]string
	Fr  [2]string
}

// Plurals maps English formats to their plural forms.
type Plurals map[string]Plural

var catalogue = catalog.NewBuilder(catalog.Fallback(language.English))

// french and plurals keep every entry, for the completeness test and to
// refuse a key added twice with two meanings.
var (
	french  = map[string]string{}
	plurals = map[string]Plural{}
)

func add(c Catalogue) {
	for en, fr := range c {
		if old, ok := french[en]; ok && old != fr {
			panic(fmt.Sprintf("lang: %q is translated twice", en))
		}
		french[en] = fr
		if err := catalogue.SetString(language.French, en, fr); err != nil {
			panic(err)
		}
	}
}

func addPlurals(ps Plurals) {
	for key, p := range ps {
		if _, ok := plurals[key]; ok {
			panic(fmt.Sprintf("lang: %q is translated twice", key))
		}
		if p.Arg == 0 {
			p.Arg = 1
		}
		plurals[key] = p
		for tag, forms := range map[language.Tag][2]string{language.English: p.En, language.French: p.Fr} {
			msg := plural.Selectf(p.Arg, "%d", "one", forms[0], "other", forms[1])
			if err := catalogue.Set(tag, key, msg); err != nil {
				panic(err)
			}
		}
	}
}
