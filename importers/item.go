package importers

import (
	"github.com/takeback/takeback/internal/lang"

	"bytes"
	"io"
	"path"
	"strings"
	"time"
)

// Kind says what an Item is to the user.
type Kind string

const (
	Event   Kind = "event"
	Task    Kind = "task"
	Contact Kind = "contact"
	Photo   Kind = "photo"
	Video   Kind = "video"
	File    Kind = "file"
	Note    Kind = "note"
	// Archive stands for an input that could not be read, or a file in it
	// that could not be read at all, so that it still reaches the report.
	Archive Kind = "archive"
)

// Item is one thing that will be imported: an event, a contact, a photo.
type Item struct {
	Kind Kind
	// Source names where the item comes from: the input, "!", then the
	// member path, e.g. "takeout-001.zip!Takeout/Calendar/Work.ics".
	Source string
	// Collection is where the item goes; Name is its resource name inside
	// it (for example "3f2a….ics"). Both are deterministic, so a re-run
	// addresses the same objects.
	Collection *Collection
	Name       string

	UID   string
	Title string
	// Date is the event start or capture time; zero when there is none.
	Date time.Time
	// DateSource says where Date comes from: "exif", "sidecar", "video",
	// "filename", "archive" (a guess) for media; "DTSTART" for events.
	DateSource string
	// AllDay tells that Date is a day, with no time of day: an all-day
	// event, a task's due date.
	AllDay bool
	// Albums are the albums a photo or video belongs to.
	Albums []string
	// Owner, when set, is the item this one belongs to, such as the note
	// an attachment is linked from: --only keeps or drops it with its
	// owner, whatever its own kind.
	Owner *Item

	// Skip, when set, is why the item will not be imported. The item still
	// appears in the plan and in the report.
	Skip lang.Text
	// Fail, when set, is why the item cannot be imported because its input
	// is damaged. It ends in the report as failed.
	Fail lang.Text
	// Note tells the user what was changed on the way, for example a
	// dropped photo link. It travels to the report.
	Note lang.Text
	// Merged counts the other copies in the input merged into this item,
	// such as a contact found under several labels; the HTML preview
	// shows it.
	Merged int

	// Body holds a rendered object (iCalendar, vCard); Content opens a
	// stream for items too big to hold (photos). One of them is set.
	Body    []byte
	Content func() (io.ReadCloser, error)
	Size    int64
}

// Bytes is what the item weighs on the way up: its Size, else the length
// of its rendered Body.
func (it *Item) Bytes() int64 {
	if it.Size > 0 {
		return it.Size
	}
	return int64(len(it.Body))
}

// Target is the item's place, relative to the destination, for example
// "calendars/Work/3f2a….ics". Names come from archives: a calendar or
// address book name is one element (its slashes become "_"), and no
// element is "." or "..", so a target never leaves the destination.
func (it *Item) Target() string {
	name := inside(it.Name)
	if it.Collection == nil {
		return name
	}
	c := it.Collection
	dir := inside(c.Name)
	if c.Kind == Calendar || c.Kind == AddressBook {
		dir = inside(strings.ReplaceAll(c.Name, "/", "_"))
	}
	return path.Join(c.Kind.Dir(), dir, name)
}

// inside makes a slash-separated path relative and free of "." and ".."
// elements: "../../x" becomes "_/_/x".
func inside(p string) string {
	parts := strings.Split(p, "/")
	out := parts[:0]
	for _, e := range parts {
		switch e {
		case "":
			continue
		case ".", "..":
			e = "_"
		}
		out = append(out, e)
	}
	return strings.Join(out, "/")
}

// Open returns the item's bytes.
func (it *Item) Open() (io.ReadCloser, error) {
	if it.Content != nil {
		return it.Content()
	}
	if it.Body == nil {
		return nil, lang.New("the item has no content")
	}
	return io.NopCloser(bytes.NewReader(it.Body)), nil
}
