package lang

import (
	"fmt"
	"strings"

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
			panic(fmt.Sprintf("lang: %q is translated twice", en)) //lang:data (a programmer's mistake)
		}
		french[en] = fr
		if err := catalogue.Set(language.French, lookupKey(en), catalogueMessage(lookupKey(fr))...); err != nil {
			panic(err)
		}
	}
}

func addPlurals(ps Plurals) {
	for key, p := range ps {
		if p.Arg == 0 {
			p.Arg = 1
		}
		if old, ok := plurals[key]; ok && old != p {
			panic(fmt.Sprintf("lang: %q is translated twice", key)) //lang:data
		}
		plurals[key] = p
		for tag, forms := range map[language.Tag][2]string{language.English: p.En, language.French: p.Fr} {
			msg := plural.Selectf(p.Arg, "%d", "one", dollars(lookupKey(forms[0])), "other", dollars(lookupKey(forms[1])))
			if err := catalogue.Set(tag, lookupKey(key), dollarVar, msg); err != nil {
				panic(err)
			}
		}
	}
}

// lookupKey is a format as the printer looks it up and formats it: %w,
// which only Errorf understands, is %v there.
func lookupKey(format string) string {
	return strings.ReplaceAll(format, "%w", "%v")
}

// x/text reads "${name}" in a message as a variable, and has no escape for
// it; a message that shows "${" (a shell example) gets it from dollarVar.
var dollarVar = catalog.Var("dollar", catalog.String("$"))

func dollars(s string) string {
	return strings.ReplaceAll(s, "${", "${dollar}{")
}

// catalogueMessage is a format as the catalogue keeps it.
func catalogueMessage(s string) []catalog.Message {
	if !strings.Contains(s, "${") {
		return []catalog.Message{catalog.String(s)}
	}
	return []catalog.Message{dollarVar, catalog.String(dollars(s))}
}
