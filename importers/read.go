package importers

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
)

// TooLargeError is a member that holds more than a reader takes of its
// kind.
type TooLargeError struct {
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("it holds more than the %s takeback reads", HumanSize(e.Limit))
}

// ReadAll reads a whole member, but never more than limit+1 bytes: a
// member that holds more than limit, whatever size its archive header
// declares, gives a *TooLargeError. size is the size the archive declares,
// used only to size the buffer.
func ReadAll(open Opener, size, limit int64) ([]byte, error) {
	r, err := open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var buf bytes.Buffer
	if size >= 0 {
		buf.Grow(int(min(size, limit) + 1))
	}
	if _, err := buf.ReadFrom(io.LimitReader(r, limit+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > limit {
		return nil, &TooLargeError{Limit: limit}
	}
	return buf.Bytes(), nil
}

// HumanSize writes a size in binary units, the way the read limits are
// stated: "64 MiB", "1 GiB", "1.5 KiB", "1000 bytes".
func HumanSize(n int64) string {
	units := []struct {
		size int64
		name string
	}{{1 << 40, "TiB"}, {1 << 30, "GiB"}, {1 << 20, "MiB"}, {1 << 10, "KiB"}}
	for _, u := range units {
		if n >= u.size {
			s := strconv.FormatFloat(float64(n)/float64(u.size), 'f', 1, 64)
			if len(s) > 2 && s[len(s)-2:] == ".0" {
				s = s[:len(s)-2]
			}
			return s + " " + u.name
		}
	}
	if n == 1 {
		return "1 byte"
	}
	return fmt.Sprintf("%d bytes", n)
}
