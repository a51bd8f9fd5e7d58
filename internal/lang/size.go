package lang

// Size says a number of bytes the way Nextcloud shows them, in units of
// 1,024: "512 bytes", "3.4 MB", "12 GB" ("3,4 Mo" in French). One decimal
// under 10, none above.
func Size(n int64) Text {
	if n < 1024 {
		return T("%d bytes", n)
	}
	v, unit := float64(n)/1024, 0
	for v >= 1024 && unit < 3 {
		v /= 1024
		unit++
	}
	if v >= 10 {
		switch unit {
		case 0:
			return T("%.0f KB", v)
		case 1:
			return T("%.0f MB", v)
		case 2:
			return T("%.0f GB", v)
		}
		return T("%.0f TB", v)
	}
	switch unit {
	case 0:
		return T("%.1f KB", v)
	case 1:
		return T("%.1f MB", v)
	case 2:
		return T("%.1f GB", v)
	}
	return T("%.1f TB", v)
}
