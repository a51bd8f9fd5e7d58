package facebook

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestDecodeJSON(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want any
	}{
		{"values repaired, keys not", `{"n\u00c3\u00a9": "F\u00c3\u00aate"}`, map[string]any{"n\u00c3\u00a9": "Fête"}},
		{"nested", `{"a": [{"b": "Gr\u00c3\u00bc\u00c3\u009fe"}, "\u00f0\u009f\u0098\u0081", 1, true, null]}`,
			map[string]any{"a": []any{map[string]any{"b": "Grüße"}, "😁", json.Number("1"), true, nil}}},
		{"BOM", "\ufeff" + `["\u00c3\u00a9"]`, []any{"é"}},
		{"white space after the value", "{}\n\n", map[string]any{}},
		{"numbers keep their digits", `[1625330000000, -62169958800, 1.5e3]`,
			[]any{json.Number("1625330000000"), json.Number("-62169958800"), json.Number("1.5e3")}},
		{"top-level string", `"Beno\u00c3\u00aet"`, "Benoît"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeJSON([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestDecodeJSONErrors(t *testing.T) {
	for name, in := range map[string]string{
		"empty":           "",
		"BOM only":        "\ufeff",
		"truncated":       `{"events_invited_v2": [`,
		"two values":      `{} {}`,
		"trailing text":   `{"a": 1} x`,
		"bad escape":      `{"a": "\x"}`,
		"too large":       `"` + strings.Repeat("a", MaxJSON) + `"`,
		"not JSON at all": "<html></html>",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := DecodeJSON([]byte(in)); err == nil {
				t.Error("no error")
			}
		})
	}
	if _, err := ReadJSON(strings.NewReader(`"` + strings.Repeat("a", MaxJSON) + `"`)); err == nil {
		t.Error("ReadJSON: no error for a file over MaxJSON")
	}
}

func TestStamp(t *testing.T) {
	tests := []struct {
		in   any
		want time.Time
	}{
		{json.Number("1529604000"), time.Date(2018, 6, 21, 18, 0, 0, 0, time.UTC)},
		{json.Number("1529604000.9"), time.Date(2018, 6, 21, 18, 0, 0, 0, time.UTC)},
		{"1529604000", time.Date(2018, 6, 21, 18, 0, 0, 0, time.UTC)},
		{json.Number("0"), time.Time{}},
		{json.Number("-1"), time.Time{}},
		{json.Number("-62169958800"), time.Time{}}, // year 0 (facebook-export.md §4)
		{json.Number("86400"), time.Time{}},        // 1970
		{json.Number("31536000"), time.Date(1971, 1, 1, 0, 0, 0, 0, time.UTC)},
		{json.Number("4133980799"), time.Date(2100, 12, 31, 23, 59, 59, 0, time.UTC)},
		{json.Number("4133980800"), time.Time{}},    // 2101
		{json.Number("1625330000000"), time.Time{}}, // milliseconds
		{json.Number("1e300"), time.Time{}},
		{"soon", time.Time{}},
		{nil, time.Time{}},
		{true, time.Time{}},
	}
	for _, tt := range tests {
		if got := stamp(tt.in); !got.Equal(tt.want) || got.Location() != time.UTC && !got.IsZero() {
			t.Errorf("stamp(%#v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
