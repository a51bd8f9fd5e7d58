package nextcloud

// NameRules are the file-name rules a server publishes in its capabilities
// (files.forbidden_filenames, files.forbidden_filename_basenames,
// files.forbidden_filename_characters, files.forbidden_filename_extensions;
// nextcloud-api.md §3.4). The zero value adds nothing to SafeName's own
// rules.
type NameRules struct {
	Names      []string // whole names, e.g. ".htaccess"
	Basenames  []string // names before the first dot, e.g. "con", "prn"
	Characters []string // e.g. "<", ">", ":"
	Extensions []string // e.g. ".part", ".filepart", " " or "." for trailing ones
}
