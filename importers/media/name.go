package media

import (
	"strings"
	"time"
)

// Years FromName believes: digital photos, and no far future.
const (
	minNameYear = 1990
	maxNameYear = 2099
)

// FromName reads a capture date in a file name, as cameras, phones and apps
// write them:
//
//	IMG_20190704_123456.jpg, VID_…, PANO_…, 20190704_123456.jpg,
//	20190704-123456.jpg, 20190704T123456.jpg
//	PXL_20230809_203449253.jpg           (the last three digits are milliseconds)
//	Screenshot_20220207-102421.png, Screenshot_2022-02-07-10-24-21.png
//	2019-07-04-12-34-56.jpg (and -1234 after it), 2019-07-04 12.34.56.jpg,
//	2019_07_04_12_34_56.jpg, 2019-07-04-123456.jpg
//	20190704123456.jpg, IMG20190704123456.jpg
//	WhatsApp Image 2019-07-04 at 12.34.56.jpeg, WhatsApp Video …,
//	WhatsApp Image 2020-03-21 at 5.07.26 PM.jpeg
//	IMG-20190704-WA0001.jpg, VID-20190704-WA0001.mp4 (a date only: DateOnly)
//
// The first date in the name with a year from 1990 to 2099 and a valid
// month, day and time wins; a date must not be glued to other digits. It
// returns a wall clock (Zoned false) in UTC; false when there is none. name
// may be a path: only its last element is read.
func FromName(name string) (Clock, bool) {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	for i := 0; i < len(name); i++ {
		if !isDigit(name, i) || isDigit(name, i-1) {
			continue
		}
		if c, ok := nameDate(name, i); ok {
			return c, true
		}
	}
	return Clock{}, false
}

func isDigit(s string, i int) bool {
	return i >= 0 && i < len(s) && s[i] >= '0' && s[i] <= '9'
}

// run is the number of digits in s from i on.
func run(s string, i int) int {
	n := 0
	for isDigit(s, i+n) {
		n++
	}
	return n
}

// num reads the n digits at i (the caller has checked they are digits).
func num(s string, i, n int) int {
	v, _ := digits(s[i : i+n])
	return v
}

// at reports whether s has one of the bytes cs at i.
func at(s string, i int, cs string) bool {
	return i >= 0 && i < len(s) && strings.IndexByte(cs, s[i]) >= 0
}

// nameDate reads a date starting at s[i], a digit after a non-digit.
func nameDate(s string, i int) (Clock, bool) {
	n := run(s, i)
	switch {
	case n == 14 || n == 17: // YYYYMMDDHHMMSS, and milliseconds
		return compact(s, i, i+8, n == 17)
	case n == 8: // YYYYMMDD, then a time or the WhatsApp counter
		j := i + 8
		if strings.HasPrefix(s[j:], "-WA") && isDigit(s, j+3) {
			return dateOnly(s, i)
		}
		if at(s, j, "_- T") {
			switch run(s, j+1) {
			case 6:
				return compact(s, i, j+1, false)
			case 9: // Pixel: HHMMSSmmm
				return compact(s, i, j+1, true)
			}
		}
	case n == 4 && at(s, i+4, "-_") && run(s, i+5) == 2 && i+7 < len(s) && s[i+7] == s[i+4] && run(s, i+8) == 2:
		// YYYY-MM-DD or YYYY_MM_DD, then a time
		return sepDate(s, i)
	}
	return Clock{}, false
}

// sepDate reads the time after a date written YYYY-MM-DD at s[i].
func sepDate(s string, i int) (Clock, bool) {
	j := i + 10
	if strings.HasPrefix(s[j:], " at ") { // WhatsApp
		return whatsApp(s, i, j+4)
	}
	if !at(s, j, "-_ T.") {
		return Clock{}, false
	}
	k := j + 1
	switch {
	case run(s, k) == 6: // HHMMSS
		return build(num(s, i, 4), num(s, i+5, 2), num(s, i+8, 2), num(s, k, 2), num(s, k+2, 2), num(s, k+4, 2), 0)
	case run(s, k) == 2 && at(s, k+2, "-_.:") && run(s, k+3) == 2 && k+5 < len(s) && s[k+5] == s[k+2] && run(s, k+6) == 2:
		// HH-MM-SS, HH.MM.SS, …
		return build(num(s, i, 4), num(s, i+5, 2), num(s, i+8, 2), num(s, k, 2), num(s, k+3, 2), num(s, k+6, 2), 0)
	}
	return Clock{}, false
}

// whatsApp reads "H.MM.SS" or "HH.MM.SS" at k, with " AM" or " PM" after
// it on 12-hour phones, after the date YYYY-MM-DD at i.
func whatsApp(s string, i, k int) (Clock, bool) {
	h := run(s, k)
	if h != 1 && h != 2 {
		return Clock{}, false
	}
	m := k + h
	if !at(s, m, ".") || run(s, m+1) != 2 || !at(s, m+3, ".") || run(s, m+4) != 2 {
		return Clock{}, false
	}
	hour, mi, sec := num(s, k, h), num(s, m+1, 2), num(s, m+4, 2)
	rest := strings.ToUpper(s[m+6:])
	switch {
	case strings.HasPrefix(rest, " AM"), strings.HasPrefix(rest, " PM"):
		if hour < 1 || hour > 12 {
			return Clock{}, false
		}
		hour %= 12
		if rest[1] == 'P' {
			hour += 12
		}
	case h == 1:
		return Clock{}, false // a 24-hour clock has two digits
	}
	return build(num(s, i, 4), num(s, i+5, 2), num(s, i+8, 2), hour, mi, sec, 0)
}

// compact builds a Clock from the date YYYYMMDD at d and the time HHMMSS
// at t, followed by three digits of milliseconds when ms is set.
func compact(s string, d, t int, ms bool) (Clock, bool) {
	nanos := 0
	if ms {
		nanos = num(s, t+6, 3) * int(time.Millisecond)
	}
	return build(num(s, d, 4), num(s, d+4, 2), num(s, d+6, 2), num(s, t, 2), num(s, t+2, 2), num(s, t+4, 2), nanos)
}

func dateOnly(s string, i int) (Clock, bool) {
	c, ok := build(num(s, i, 4), num(s, i+4, 2), num(s, i+6, 2), 0, 0, 0, 0)
	c.DateOnly = ok
	return c, ok
}

// build validates a name date and makes it a wall clock.
func build(y, mo, d, h, mi, s, nanos int) (Clock, bool) {
	if y < minNameYear || y > maxNameYear {
		return Clock{}, false
	}
	t, ok := wallClock(y, mo, d, h, mi, s)
	if !ok {
		return Clock{}, false
	}
	return Clock{Time: t.Add(time.Duration(nanos))}, true
}
