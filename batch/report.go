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
)

// What became of a person's account, for Row.Account.
const (
	AccountCreated = "created" // created by this batch
	AccountReused  = "reused"  // existed, used with --existing reuse
	AccountExists  = "exists"  // existed, so this person was not imported
	AccountFailed  = "failed"  // could not be created
	AccountSkipped = "skipped" // not reached (the batch stopped)
)

// ReportName is the report's usual file name.
const ReportName = "batch-report.csv"

// Row is one person's line of the end report. Err must hold no password.
type Row struct {
	UserID, DisplayName, Account string
	Counts                       Counts
	Err                          string
}

// OK tells whether this person is done: an account to use, no error and
// no failed item.
func (r Row) OK() bool {
	return r.Err == "" && r.Counts.Failed == 0 && (r.Account == AccountCreated || r.Account == AccountReused)
}

func (r Row) status() string {
	if r.OK() {
		return "ok"
	}
	return "failed"
}

var reportHeader = []string{"userid", "display_name", "account", "imported", "present", "skipped", "failed", "status", "error"}

// WriteReportCSV writes the report, one row per person, replacing path
// atomically. Text cells that a spreadsheet would run as a formula get a
// leading quote (').
func WriteReportCSV(path string, rows []Row) error {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(reportHeader)
	for _, r := range rows {
		w.Write([]string{
			neutralise(r.UserID), neutralise(r.DisplayName), neutralise(r.Account),
			strconv.Itoa(r.Counts.Imported), strconv.Itoa(r.Counts.Present),
			strconv.Itoa(r.Counts.Skipped), strconv.Itoa(r.Counts.Failed),
			r.status(), neutralise(r.Err),
		})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("writing the batch report: %w", err)
	}
	if err := writeFileAtomic(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing the batch report: %w", err)
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

// Summary writes the report for people: one line per person, then the
// totals.
func Summary(w io.Writer, rows []Row) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	var total Counts
	failed := 0
	for _, r := range rows {
		total.Imported += r.Counts.Imported
		total.Present += r.Counts.Present
		total.Skipped += r.Counts.Skipped
		total.Failed += r.Counts.Failed
		status := "ok"
		if !r.OK() {
			failed++
			status = "FAILED"
			if r.Err != "" {
				status += ": " + printable(r.Err)
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d imported, %d present, %d skipped, %d failed\t%s\n",
			printable(r.UserID), printable(r.DisplayName), printable(r.Account),
			r.Counts.Imported, r.Counts.Present, r.Counts.Skipped, r.Counts.Failed, status)
	}
	tw.Flush()
	fmt.Fprintf(w, "%s: %d succeeded, %d failed. Items: %d imported, %d present, %d skipped, %d failed.\n",
		peopleCount(len(rows)), len(rows)-failed, failed, total.Imported, total.Present, total.Skipped, total.Failed)
}

func peopleCount(n int) string {
	if n == 1 {
		return "1 person"
	}
	return strconv.Itoa(n) + " people"
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
