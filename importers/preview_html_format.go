package importers

import (
	"strconv"
	"time"

	"github.com/takeback/takeback/internal/lang"
)

// Num writes a count the way the page's readers write it: "1,234" or
// "1 234".
func (t pageText) Num(n int) string { return t.p.Sprintf("%d", n) }

// SizeOf writes a number of bytes: "1.4 GB", "1,4 Go".
func (t pageText) SizeOf(n int64) string { return t.p.Text(lang.Size(n)) }

// Date writes a day: "7 Oct 2024", "7 oct. 2024".
func (t pageText) Date(d time.Time) string {
	if d.IsZero() {
		return t.NoDate
	}
	return strconv.Itoa(d.Day()) + "\u00a0" + t.MonthYear(d.Year(), d.Month())
}

// MonthYear writes a month: "Oct 2024".
func (t pageText) MonthYear(year int, month time.Month) string {
	return t.Months[month-1] + "\u00a0" + strconv.Itoa(year)
}

// Span writes the days from first to last: "From 7 Oct 2024 to 14 Oct 2024".
func (t pageText) Span(first, last time.Time) string {
	return t.p.Sprintf("From %s to %s", t.Date(first), t.Date(last))
}

// Merged counts the contacts found under several labels.
func (t pageText) Merged(n int) string {
	return t.p.Sprintf("Listed under several labels, imported once: %d", n)
}

// OnServerNow sums up a collection against the server: "Already there: 3
// · To send: 2", and the names taken when there are some.
func (t pageText) OnServerNow(s *htmlServer) string {
	if s.Conflict > 0 {
		return t.p.Sprintf("Already there: %d · To send: %d · Name taken by another file (it will get another name): %d",
			s.Present, s.ToSend(), s.Conflict)
	}
	return t.p.Sprintf("Already there: %d · To send: %d", s.Present, s.ToSend())
}

// FolderCount counts the folders a collection's files go to.
func (t pageText) FolderCount(n int) string { return t.p.Sprintf("Folders: %d", n) }

// kindCount counts items of a kind: "12 photos".
func (t pageText) kindCount(k Kind, n int) string { return t.p.Text(wordsFor(k).count(n)) }

// kindName names one item of a kind: "photo".
func (t pageText) kindName(k Kind) string { return t.p.Text(wordsFor(k).name) }
