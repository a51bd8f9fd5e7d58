package nextcloud

import "testing"

func TestChunkSizeFor(t *testing.T) {
	const mib = 1 << 20
	for _, tc := range []struct{ limit, size, want int64 }{
		{defaultChunkingLimit, 101 * mib, 10 * mib}, // the web UI's 10 MiB
		{6 * mib, 13 * mib, 6 * mib},                // the limit, when smaller
		{mib, 13 * mib, 5 * mib},                    // never under S3's 5 MiB
		{1 << 40, 200 * mib, 10 * mib},
		{defaultChunkingLimit, 200 << 30, 21 * mib}, // 200 GiB: at most 10000 chunks, whole MiB
	} {
		got := chunkSizeFor(tc.limit, tc.size)
		if got != tc.want {
			t.Errorf("chunkSizeFor(%d, %d) = %d, want %d", tc.limit, tc.size, got, tc.want)
		}
		if n := (tc.size + got - 1) / got; n > maxChunks {
			t.Errorf("chunkSizeFor(%d, %d): %d chunks", tc.limit, tc.size, n)
		}
	}
}

func TestUploadID(t *testing.T) {
	a := uploadID("Videos/clip.mp4", 10, "abc")
	if a != uploadID("Videos/clip.mp4", 10, "abc") || len(a) != len("takeback-")+32 {
		t.Errorf("uploadID %q is not stable", a)
	}
	for _, b := range []string{uploadID("Videos/clip (2).mp4", 10, "abc"), uploadID("Videos/clip.mp4", 11, "abc"), uploadID("Videos/clip.mp4", 10, "abd")} {
		if a == b {
			t.Errorf("same upload ID %q for another file", a)
		}
	}
}

func TestUploadsRoot(t *testing.T) {
	for _, tc := range []struct{ files, photos, want string }{
		{"https://c.example/remote.php/dav/files/alice/", "https://c.example/remote.php/dav/photos/alice/",
			"https://c.example/remote.php/dav/uploads/alice/"},
		{"https://c.example/nc/remote.php/dav/files/a%40b.c/", "https://c.example/nc/remote.php/dav/photos/a%40b.c/",
			"https://c.example/nc/remote.php/dav/uploads/a@b.c/"},
		// --webdav: not known to be a Nextcloud.
		{"https://c.example/remote.php/dav/files/alice/", "", ""},
		{"https://c.example/dav/", "https://c.example/remote.php/dav/photos/alice/", ""},
	} {
		d := &DAV{ends: Endpoints{FilesRoot: tc.files, photosRoot: tc.photos}}
		got := ""
		if u := d.uploadsRoot(); u != nil {
			got = u.String()
		}
		if got != tc.want {
			t.Errorf("uploadsRoot(%s) = %q, want %q", tc.files, got, tc.want)
		}
	}
	d := &DAV{ends: Endpoints{FilesRoot: "https://c.example/remote.php/dav/files/alice/", photosRoot: "x"}}
	if !d.chunkedFor(defaultChunkingLimit+1) || d.chunkedFor(defaultChunkingLimit) {
		t.Error("the default limit is not 100 MiB")
	}
	d.SetChunking(-1)
	if d.chunkedFor(1 << 40) {
		t.Error("a negative limit still chunks")
	}
}
