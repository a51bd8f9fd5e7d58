package batch

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode"

	"github.com/takeback/takeback/internal/lang"
)

// What became of a person's account, for Row.Account: keys of the CSV
// report (lang:data); Summary says them to people.
const (
	AccountCreated = "created" // created by this batch
	AccountReused  = "reused"  // existed, used with --existing reuse
	AccountExists  = "exists"  // existed, so this person was not imported
	AccountFailed  = "failed"  // could not be created
	AccountSkipped = "skipped" // not reached (the batch stopped)
)

// ReportName is the report's usual file name.
const ReportName = "batch-report.csv" //lang:data

// Row is one person's line of the end report. Err must hold no password.
type Row struct {
	UserID, DisplayName, Account string
	Counts                       Counts
	Err                          lang.Text
}

// OK tells whether this person is done: an account to use, no error and
// no failed item.
func (r Row) OK() bool {
	return r.Err.IsZero() && r.Counts.Failed == 0 && (r.Account == AccountCreated || r.Account == AccountReused)
}

func (r Row) status() string {
	if r.OK() {
		return "ok" //lang:data (a key of the CSV report)
	}
	return "failed" //lang:data
}

var reportHeader = []string{"userid", "display_name", "account", "imported", "present", "skipped", "failed", "status", "error"} //lang:data

// WriteReportCSV writes the report, one row per person, replacing path
// atomically. Text cells that a spreadsheet would run as a formula get a
// leading quote ('). Like the JSON reports, it is read by programs too: its
// header, account and status keys and its error messages are in English.
func WriteReportCSV(path string, rows []Row) error {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(reportHeader)
	for _, r := range rows {
		w.Write([]string{
			neutralise(r.UserID), neutralise(r.DisplayName), neutralise(r.Account),
			strconv.Itoa(r.Counts.Imported), strconv.Itoa(r.Counts.Present),
			strconv.Itoa(r.Counts.Skipped), strconv.Itoa(r.Counts.Failed),
			r.status(), neutralise(r.Err.String()),
		})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return lang.Errorf("writing the batch report: %w", err)
	}
	if err := writeFileAtomic(path, buf.Bytes(), 0o644); err != nil {
		return lang.Errorf("writing the batch report: %w", err)
	}
	return nil
}

// neutralise defuses spreadsheet formula injection: a cell that starts
// with = + - @ (or a tab or carriage return, which some spreadsheets skip
// before reading a formula) is read as text once it starts with a quote.
func neutralise(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// Summary writes the report for people, in p's language: one line per
// person, then the totals.
func Summary(w io.Writer, p *lang.Printer, rows []Row) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	var total Counts
	failed := 0
	for _, r := range rows {
		total.Imported += r.Counts.Imported
		total.Present += r.Counts.Present
		total.Skipped += r.Counts.Skipped
		total.Failed += r.Counts.Failed
		status := p.Sprintf("OK")
		if !r.OK() {
			failed++
			status = p.Sprintf("FAILED")
			if !r.Err.IsZero() {
				status = p.Sprintf("FAILED: %s", printable(p.Text(r.Err)))
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", printable(r.UserID), printable(r.DisplayName),
			p.Text(accountText(r.Account)), p.Text(countsText(r.Counts)), status)
	}
	tw.Flush()
	p.Fprintf(w, "%d people: %v. Items: %v.", len(rows), lang.T("%d succeeded, %d failed", len(rows)-failed, failed), countsText(total))
	io.WriteString(w, "\n")
}

// countsText says a person's or a batch's item counts. Each part is a
// message of its own, so that the words agree with their count.
func countsText(c Counts) lang.Text {
	return lang.T("%d imported, %v", c.Imported, lang.T("%d present, %v", c.Present, lang.T("%d skipped, %d failed", c.Skipped, c.Failed)))
}

// accountText says Row.Account to people.
func accountText(account string) lang.Text {
	switch account {
	case AccountCreated:
		return lang.T("new account")
	case AccountReused:
		return lang.T("existing account")
	case AccountExists:
		return lang.T("account already exists")
	case AccountFailed:
		return lang.T("no account")
	case AccountSkipped:
		return lang.T("not started yet")
	}
	return lang.T("%s", printable(account))
}

// printable keeps a summary line one line, with no terminal escapes:
// errors and names come from servers and manifests.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case unicode.IsControl(r):
			return '\uFFFD'
		}
		return r
	}, s)
}
