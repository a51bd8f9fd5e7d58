package importers

import "github.com/takeback/takeback/internal/lang"

// texts prints texts in p's language.
func texts(p *lang.Printer, ts []lang.Text) []string {
	var out []string
	for _, t := range ts {
		out = append(out, p.Text(t))
	}
	return out
}

// warningLines prints warnings in English, as "source: message".
func warningLines(ws []Warning) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.Source+": "+w.Message.String())
	}
	return out
}
