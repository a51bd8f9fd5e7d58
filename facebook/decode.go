package facebook

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/takeback/takeback/internal/lang"
)

// MaxJSON bounds one JSON file of the export. The largest records, posts
// files of many years, stay far below it.
const MaxJSON = 64 << 20

// ReadJSON reads at most MaxJSON bytes from r and decodes them as
// DecodeJSON does.
func ReadJSON(r io.Reader) (any, error) {
	data, err := readBounded(r)
	if err != nil {
		return nil, err
	}
	return DecodeJSON(data)
}

func readBounded(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxJSON+1))
	if err != nil {
		return nil, lang.Errorf("read JSON: %w", err)
	}
	if len(data) > MaxJSON {
		return nil, lang.Errorf("the JSON file is larger than %s", lang.Size(MaxJSON))
	}
	return data, nil
}

// DecodeJSON decodes one JSON value (after an optional UTF-8 BOM) into
// map[string]any, []any, string, json.Number, bool or nil, and repairs
// every string value, not the keys, with Repair (facebook-export.md §6).
// Numbers stay json.Number so that timestamps keep every digit. Data after
// the value is an error.
func DecodeJSON(data []byte) (any, error) {
	if len(data) > MaxJSON {
		return nil, lang.Errorf("the JSON file is larger than %s", lang.Size(MaxJSON))
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		if err == io.EOF {
			return nil, lang.New("decode JSON: the file is empty")
		}
		return nil, lang.Errorf("decode JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, lang.New("decode JSON: data follows the top-level value")
	}
	return repairValues(v), nil
}

// repairValues applies Repair to every string value of v, in place.
func repairValues(v any) any {
	switch x := v.(type) {
	case string:
		return Repair(x)
	case map[string]any:
		for k, e := range x {
			x[k] = repairValues(e)
		}
	case []any:
		for i, e := range x {
			x[i] = repairValues(e)
		}
	}
	return v
}

// Accessors for decoded JSON: each returns the zero value when v does not
// have the expected type, so that a record with one odd member keeps the
// rest.

func object(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func text(v any) string {
	s, _ := v.(string)
	return strings.TrimSpace(s)
}

// number reads a JSON number, or a string holding one, as a finite float.
func number(v any) (float64, bool) {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = string(x)
	case string:
		s = strings.TrimSpace(x)
	default:
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// Timestamps outside these years are placeholders, not dates: 0, negative
// values and the year-0 value -62169958800 (facebook-export.md §4), or
// milliseconds written where seconds belong. Nextcloud refuses an mtime
// ≤ 86400 anyway.
const (
	minYear = 1971
	maxYear = 2100
)

// stamp reads Unix seconds as UTC, or the zero time when v is missing,
// not a number, or outside minYear–maxYear.
func stamp(v any) time.Time {
	f, ok := number(v)
	if !ok || f <= 0 || f > 1<<40 {
		return time.Time{}
	}
	return validTime(time.Unix(int64(f), 0).UTC())
}

// validTime returns t when its year is within minYear–maxYear, else zero.
func validTime(t time.Time) time.Time {
	if y := t.Year(); y < minYear || y > maxYear {
		return time.Time{}
	}
	return t
}
