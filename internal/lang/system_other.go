//go:build !windows

package lang

// systemLanguage is empty where the locale variables are the convention.
func systemLanguage() string { return "" }
