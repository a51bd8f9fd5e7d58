package lang

func init() {
	add(Catalogue{
		"%.1f KB": "%.1f Ko", "%.0f KB": "%.0f Ko",
		"%.1f MB": "%.1f Mo", "%.0f MB": "%.0f Mo",
		"%.1f GB": "%.1f Go", "%.0f GB": "%.0f Go",
		"%.1f TB": "%.1f To", "%.0f TB": "%.0f To",

		// French puts a space before a colon, even between two values.
		"%s: %v":             "%s : %v",
		"%v: %v":             "%v : %v",
		"%v: %w":             "%v : %w",
		"%-8v %v: %v":        "%-8v %v : %v",
		"  %s: %v\n":         "  %s : %v\n",
		"  %v %q (%s): %v\n": "  %v %q (%s) : %v\n",
		"  %v %q: %v\n":      "  %v %q : %v\n",
	})
	addPlurals(Plurals{
		"%d bytes": {En: [2]string{"%d byte", "%d bytes"}, Fr: [2]string{"%d octet", "%d octets"}},
	})
}
