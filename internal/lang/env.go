package lang

// FromEnv chooses the language from the POSIX locale variables, in their
// order of precedence (LC_ALL, then LC_MESSAGES, then LANG), then from the
// system where it keeps the language elsewhere (Windows). "C" and "POSIX"
// mean English.
func FromEnv(getenv func(string) string) string {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			return Match(v)
		}
	}
	return Match(systemLanguage())
}
