package importers

// CollectionKind is the kind of container items go into.
type CollectionKind string

const (
	Calendar    CollectionKind = "calendar"
	AddressBook CollectionKind = "addressbook"
	Folder      CollectionKind = "folder"
)

// Dir is the top folder of this kind in a target tree and in item targets.
func (k CollectionKind) Dir() string {
	switch k {
	case Calendar:
		return "calendars"
	case AddressBook:
		return "contacts"
	default:
		return "files"
	}
}

// Collection is a calendar, an address book or a folder.
type Collection struct {
	Kind CollectionKind
	// ID is a stable resource name chosen by the source ("google-work").
	// A target uses it as the collection's URI, so a re-run finds the
	// collection it created before and tells it apart from the user's own.
	ID string
	// Name is what the user sees ("Work", "Google Contacts").
	Name        string
	Description string
	Color       string // #RRGGBB, when known
	Timezone    string // IANA name, calendars only
	// TimezoneData is a VCALENDAR with the VTIMEZONE of Timezone, when the
	// source has one.
	TimezoneData []byte
	// Components is the calendar's supported component set ("VEVENT").
	Components []string
}
