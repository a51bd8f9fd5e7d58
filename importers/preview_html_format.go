package importers

import (
	"strconv"
	"strings"
	"time"
)

// Num writes a count the way the page's readers write it: "1,234" or
// "1 234".
func (t pageText) Num(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(t.Thousands)
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Size writes a number of bytes in decimal units, "1.4 GB" or "1,4 Go",
// as file managers show them.
func (t pageText) SizeOf(n int64) string {
	if n < 1000 {
		return t.Num(int(n)) + "\u00a0" + t.Units[0]
	}
	f, i := float64(n), 0
	for f >= 1000 && i < len(t.Units)-1 {
		f /= 1000
		i++
	}
	s := strconv.FormatFloat(f, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return strings.Replace(s, ".", t.Decimal, 1) + "\u00a0" + t.Units[i]
}

// Date writes a day: "7 Oct 2024", "7 oct. 2024".
func (t pageText) Date(d time.Time) string {
	if d.IsZero() {
		return t.NoDate
	}
	return strconv.Itoa(d.Day()) + "\u00a0" + t.Months[d.Month()-1] + "\u00a0" + strconv.Itoa(d.Year())
}

// MonthYear writes a month: "Oct 2024".
func (t pageText) MonthYear(year int, month time.Month) string {
	return t.Months[month-1] + "\u00a0" + strconv.Itoa(year)
}

// Pair writes "Photos: 3", "Photos : 3".
func (t pageText) Pair(label string, n int) string {
	return label + t.Colon + t.Num(n)
}
