package google

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// A pairing case: the JSONs and media files of one directory, and what each
// media file must be paired with.
//
//	sidecars: "IMG_1.jpg.json", or "x.json | title=27/06/12 - 1" to give the title
//	want:     "IMG_1.jpg => IMG_1.jpg.json (exact)", or "IMG_10.jpg => none"
//
// A name in double quotes is read as a Go string ("Fe\u0302te.jpg").
type matchCase struct {
	quirk    string
	sidecars []string
	want     []string
}

// The table holds one row per quirk of google-takeout.md §2.2–2.4 (and
// §2.1 for the no-break spaces), with the names of the issues they come from.
var matchCases = []matchCase{
	// §2.2 legacy scheme: base rule.
	{"exact", []string{"IMG_20230615_142311.jpg.json"}, []string{
		"IMG_20230615_142311.jpg => IMG_20230615_142311.jpg.json (exact)",
	}},
	{"upper-case .JSON (GPTH #46)", []string{"IMG_0042.JPG.JSON"}, []string{
		"IMG_0042.JPG => IMG_0042.JPG.JSON (exact)",
	}},
	{"no claim on a longer number", []string{"IMG_1.jpg.json"}, []string{
		"IMG_1.jpg => IMG_1.jpg.json (exact)",
		"IMG_10.jpg => none",
		"IMG_1.png => none",
		"IMG_10-edited.jpg => none",
	}},
	{"no claim on a short common prefix", []string{"a.jpg.json"}, []string{
		"a.jpg => a.jpg.json (exact)",
		"ab.jpg => none",
		"a.jpg.jpg => none",
	}},
	{"title without stem (#88, #128)", []string{".jpg.json", "(1).jpg.json"}, []string{
		".jpg => .jpg.json (exact)",
		"(1).jpg => (1).jpg.json (exact)",
	}},

	// §2.2 truncation to 51 characters: 46 for the title, 47 for the media stem.
	{"title cut at 46, media stem at 47 (#35)", []string{"PXL_20230809_203449253.LONG_EXPOSURE-02.ORIGIN.json"}, []string{
		"PXL_20230809_203449253.LONG_EXPOSURE-02.ORIGINA.jpg => PXL_20230809_203449253.LONG_EXPOSURE-02.ORIGIN.json (truncated title)",
	}},
	{"cut right after a dot gives ..json (#35)", []string{
		"PXL_20230809_203449253.LONG_EXPOSURE-01.COVER..json",
		"PXL_20230809_203449253.LONG_EXPOSURE-02.ORIGIN.json",
	}, []string{
		"PXL_20230809_203449253.LONG_EXPOSURE-01.COVER.jpg => PXL_20230809_203449253.LONG_EXPOSURE-01.COVER..json (truncated title)",
		"PXL_20230809_203449253.LONG_EXPOSURE-02.ORIGINA.jpg => PXL_20230809_203449253.LONG_EXPOSURE-02.ORIGIN.json (truncated title)",
	}},
	{"cut inside the extension (#35)", []string{"05yqt21kruxwwlhhgrwrdyb6chhwszi9bqmzu16w0 2.jp.json"}, []string{
		"05yqt21kruxwwlhhgrwrdyb6chhwszi9bqmzu16w0 2.jpg => 05yqt21kruxwwlhhgrwrdyb6chhwszi9bqmzu16w0 2.jp.json (truncated title)",
	}},
	{"title ending in (38) is not a counter (GPTH #8)", []string{
		"Urlaub in Knaufspesch in der Schneifel (38).JP.json",
		"Urlaub in Knaufspesch in der Schneifel (39).JP.json",
	}, []string{
		"Urlaub in Knaufspesch in der Schneifel (38).JPG => Urlaub in Knaufspesch in der Schneifel (38).JP.json (truncated title)",
		"Urlaub in Knaufspesch in der Schneifel (39).JPG => Urlaub in Knaufspesch in der Schneifel (39).JP.json (truncated title)",
		"Urlaub in Knaufspesch in der Schneifel (40).JPG => none",
	}},
	{"emoji: 46 UTF-16 units are 23 emoji (#35)", []string{"😀😃😄😁😆😅😂🤣🥲☺️😊😇🙂🙃😉😌😍🥰😘😗😙😚😋.json"}, []string{
		"😀😃😄😁😆😅😂🤣🥲☺️😊😇🙂🙃😉😌😍🥰😘😗😙😚😋😛.jpg => 😀😃😄😁😆😅😂🤣🥲☺️😊😇🙂🙃😉😌😍🥰😘😗😙😚😋.json (truncated title)",
	}},
	{"emoji across the 46th unit: cut at 45 (unverified)", []string{"Joyeux anniversaire Mamie, 80 ans aujourd'hui.json"}, []string{
		"Joyeux anniversaire Mamie, 80 ans aujourd'hui🎂🎉.jpg => Joyeux anniversaire Mamie, 80 ans aujourd'hui.json (truncated title)",
		"Joyeux anniversaire Mamie, 80 ans aujourd'hui!.jpg => none",
	}},
	{"a name just under the limit is not cut", []string{"Screenshot_20230412-081530_Samsung Health.jpg.json"}, []string{
		"Screenshot_20230412-081530_Samsung Health.jpg => Screenshot_20230412-081530_Samsung Health.jpg.json (exact)",
		"Screenshot_20230412-081530_Samsung Health.jpg.png => none",
	}},

	// §2.2 counters behind the extension.
	{"counter moves behind the extension", []string{"IMG_3479.JPG.json", "IMG_3479.JPG(1).json"}, []string{
		"IMG_3479.JPG => IMG_3479.JPG.json (exact)",
		"IMG_3479(1).JPG => IMG_3479.JPG(1).json (counter)",
		"IMG_3479(2).JPG => none",
	}},
	{"a counter on one side only does not match", []string{"IMG_5000.JPG(1).json | title=IMG_5000.JPG", "IMG_5001.JPG.json"}, []string{
		"IMG_5000.JPG => none",
		"IMG_5000(1).JPG => IMG_5000.JPG(1).json (counter)",
		"IMG_5001(1).JPG => none",
	}},
	{"counter after a truncated title (#613)", []string{
		"13039_327707840323_537645323_9470255_27214_n.j.json",
		"13039_327707840323_537645323_9470255_27214_n.j(1).json",
	}, []string{
		"13039_327707840323_537645323_9470255_27214_n.jpg => 13039_327707840323_537645323_9470255_27214_n.j.json (truncated title)",
		"13039_327707840323_537645323_9470255_27214_n(1).jpg => 13039_327707840323_537645323_9470255_27214_n.j(1).json (truncated title)",
	}},
	{"counter after a title cut at the stem (#39)", []string{
		"Backyard_ceremony_wedding_photography_cityxxx_.json",
		"Backyard_ceremony_wedding_photography_cityxxx_(494).json",
	}, []string{
		"Backyard_ceremony_wedding_photography_cityxxx_m.jpg => Backyard_ceremony_wedding_photography_cityxxx_.json (truncated title)",
		"Backyard_ceremony_wedding_photography_cityxxx_m(494).jpg => Backyard_ceremony_wedding_photography_cityxxx_(494).json (truncated title)",
		"Backyard_ceremony_wedding_photography_cityxxx_m(495).jpg => Backyard_ceremony_wedding_photography_cityxxx_.json (forgotten duplicate)",
	}},
	{"counter in the middle of an extension-less name (inferred)", []string{"21.12.11 - 1.json", "21.12.11 - 1(1).json"}, []string{
		"21.12.11 - 1 => 21.12.11 - 1.json (exact)",
		"21.12(1).11 - 1 => 21.12.11 - 1(1).json (counter)",
	}},
	{"the title tells apart names equal in their first 46 units (TakeoutExtractor #23)", []string{
		"Vacances en Bretagne avec les enfants - jour 1.json | title=Vacances en Bretagne avec les enfants - jour 1.jpg",
		"Vacances en Bretagne avec les enfants - jour 1(1).json | title=Vacances en Bretagne avec les enfants - jour 12.jpg",
	}, []string{
		"Vacances en Bretagne avec les enfants - jour 1.jpg => Vacances en Bretagne avec les enfants - jour 1.json (title)",
		"Vacances en Bretagne avec les enfants - jour 12.jpg => Vacances en Bretagne avec les enfants - jour 1(1).json (title)",
	}},

	{"a title two sidecars give is no evidence", []string{"Capture.json | title=IMG_2.jpg", "Scan.json | title=IMG_2.jpg"}, []string{
		"IMG_2.jpg => none",
	}},
	{"the title of a JSON with a counter is for the file with that counter", []string{
		"13039_327707840323_537645323_9470255_27214_n.j(1).json | title=13039_327707840323_537645323_9470255_27214_n.jpg",
	}, []string{
		"13039_327707840323_537645323_9470255_27214_n(1).jpg => 13039_327707840323_537645323_9470255_27214_n.j(1).json (title)",
		"13039_327707840323_537645323_9470255_27214_n.jpg => none",
	}},

	// §2.2 edited copies share the original's JSON, in any language.
	{"edited copies (GPTH #92, #243)", []string{"IMG_20190704_183000.jpg.json"}, []string{
		"IMG_20190704_183000.jpg => IMG_20190704_183000.jpg.json (exact)",
		"IMG_20190704_183000-edited.jpg => IMG_20190704_183000.jpg.json (edited copy)",
		"IMG_20190704_183000-modifié.jpg => IMG_20190704_183000.jpg.json (edited copy)",
		"IMG_20190704_183000-bearbeitet(1).jpg => IMG_20190704_183000.jpg.json (edited copy)",
		"IMG_20190704_183000-編集済み.jpg => IMG_20190704_183000.jpg.json (edited copy)",
		"IMG_20190704_183000-ha editado.jpg => IMG_20190704_183000.jpg.json (edited copy)",
		"IMG_20190704_183000-effects.jpg => IMG_20190704_183000.jpg.json (edited copy)",
		"IMG_20190704_1830001-edited.jpg => none",
	}},
	{"an edited copy with its own JSON keeps it", []string{"IMG_1234.jpg.json", "IMG_1234-edited.jpg.json"}, []string{
		"IMG_1234-edited.jpg => IMG_1234-edited.jpg.json (exact)",
		"IMG_1234-edited(1).jpg => IMG_1234.jpg.json (edited copy)", // "-edited" is not followed by "-"
		"IMG_1234-modifié.jpg => IMG_1234.jpg.json (edited copy)",
	}},
	{"an edited copy with a counter takes the JSON with that counter", []string{"IMG_2000.jpg.json", "IMG_2000.jpg(1).json"}, []string{
		"IMG_2000(1).jpg => IMG_2000.jpg(1).json (counter)",
		"IMG_2000-edited(1).jpg => IMG_2000.jpg(1).json (edited copy)",
		"IMG_2000-edited.jpg => IMG_2000.jpg.json (edited copy)",
		"IMG_2000-edited(2).jpg => IMG_2000.jpg.json (edited copy)",
	}},
	{"edited copy of a macOS NFD name (GPTH #243)", []string{"Fête de la musique.jpg.json"}, []string{
		`"Fe\u0302te de la musique.jpg" => Fête de la musique.jpg.json (exact)`,
		`"Fe\u0302te de la musique-modifie\u0301.jpg" => Fête de la musique.jpg.json (edited copy)`,
	}},

	// §2.2 other oddities.
	{"file uploaded without an extension (GPTH _noExtension)", []string{"20030616.json"}, []string{
		"20030616.jpg => 20030616.json (no extension)",
		"20030616-edited.jpg => 20030616.json (edited copy)",
		"20030616(1).jpg => 20030616.json (forgotten duplicate)",
		"200306161.jpg => none",
	}},
	{"forgotten duplicates (immich-go)", []string{"original_1d4caa6f-16c6-4c3d-901b-9387de10e528_.json"}, []string{
		// The JSON name is 46 units: the title original_<uuid>_P.jpg cut.
		"original_1d4caa6f-16c6-4c3d-901b-9387de10e528_P.jpg => original_1d4caa6f-16c6-4c3d-901b-9387de10e528_.json (truncated title)",
		"original_1d4caa6f-16c6-4c3d-901b-9387de10e528_P(1).jpg => original_1d4caa6f-16c6-4c3d-901b-9387de10e528_.json (forgotten duplicate)",
		"original_1d4caa6f-16c6-4c3d-901b-9387de10e529_P.jpg => none",
	}},
	{"forgotten duplicates need a cut name or a counter", []string{"IMG_1.json", "DSC0001.json"}, []string{
		"IMG_10.jpg => none",
		"DSC00012.jpg => none",
		"IMG_1.jpg => IMG_1.json (no extension)",
	}},
	{"title with / and : written with _ on disk (#807)", []string{
		"27_06_12 - 1.json | title=27/06/12 - 1",
		"27_06_12 - 2.mov.json | title=27/06/12 - 2.mov",
		"Capture.json | title=Réunion 14:30 \"budget\" 3/4",
	}, []string{
		"27_06_12 - 1.mov => 27_06_12 - 1.json (no extension)",
		"27_06_12 - 2.mov => 27_06_12 - 2.mov.json (exact)",
		"Réunion 14_30 _budget_ 3_4.png => Capture.json (title)",
	}},

	// §2.3 supplemental-metadata scheme.
	{"supplemental-metadata (#652)", []string{"20161105_170829.jpg.supplemental-metadata.json"}, []string{
		"20161105_170829.jpg => 20161105_170829.jpg.supplemental-metadata.json (supplemental-metadata)",
	}},
	{"every clipped suffix (Memories #1559)", []string{
		"Screenshot_2017-07-05-10-05-26.png.supplementa.json",
		"Screenshot_20241227_105539_Edge.jpg.supplement.json",
		"D7157814-D2D5-4A62-AFCE-9CF465CB7D66.jpeg.supp.json",
		"Screenshot_20230412-081530_Google Maps.jpg.sup.json",
		"Screenshot_20230412-081530_Samsung Notes.jpg.s.json",
		"Screenshot_20230412-081530_Samsung Health.jpg..json",
		"IMG_20240101_000000.jpg.supplemental-metad.json",
		"IMG_20240101_000001.jpg.SUPPLEMENTAL-METADATA.json",
	}, []string{
		"Screenshot_2017-07-05-10-05-26.png => Screenshot_2017-07-05-10-05-26.png.supplementa.json (supplemental-metadata)",
		"Screenshot_20241227_105539_Edge.jpg => Screenshot_20241227_105539_Edge.jpg.supplement.json (supplemental-metadata)",
		"D7157814-D2D5-4A62-AFCE-9CF465CB7D66.jpeg => D7157814-D2D5-4A62-AFCE-9CF465CB7D66.jpeg.supp.json (supplemental-metadata)",
		"Screenshot_20230412-081530_Google Maps.jpg => Screenshot_20230412-081530_Google Maps.jpg.sup.json (supplemental-metadata)",
		"Screenshot_20230412-081530_Samsung Notes.jpg => Screenshot_20230412-081530_Samsung Notes.jpg.s.json (supplemental-metadata)",
		"Screenshot_20230412-081530_Samsung Health.jpg => Screenshot_20230412-081530_Samsung Health.jpg..json (supplemental-metadata)",
		"IMG_20240101_000000.jpg => IMG_20240101_000000.jpg.supplemental-metad.json (supplemental-metadata)",
		"IMG_20240101_000001.jpg => IMG_20240101_000001.jpg.SUPPLEMENTAL-METADATA.json (supplemental-metadata)",
	}},
	{"the suffix vanished and the title is cut (Memories #1559)", []string{"Screenshot_20220207_102421_com.snapchat.androi.json"}, []string{
		"Screenshot_20220207_102421_com.snapchat.android.jpg => Screenshot_20220207_102421_com.snapchat.androi.json (truncated title)",
	}},
	{"the suffix vanished, with a counter", []string{"Screenshot_20220207_102421_com.snapchat.androi(1).json"}, []string{
		"Screenshot_20220207_102421_com.snapchat.android(1).jpg => Screenshot_20220207_102421_com.snapchat.androi(1).json (truncated title)",
		"Screenshot_20220207_102421_com.snapchat.android.jpg => none",
	}},
	{"counter after the suffix (#673, #652)", []string{
		"Scan35.jpg.supplemental-metadata.json",
		"Scan35.jpg.supplemental-metadata(1).json",
		"CLIP0001.AVI.supplemental-metadata(10).json",
		"Screenshot_20231027_123303_Facebook.jpg.supple.json",
		"Screenshot_20231027_123303_Facebook.jpg.supple(1).json",
	}, []string{
		"Scan35.jpg => Scan35.jpg.supplemental-metadata.json (supplemental-metadata)",
		"Scan35(1).jpg => Scan35.jpg.supplemental-metadata(1).json (counter)",
		"CLIP0001(10).AVI => CLIP0001.AVI.supplemental-metadata(10).json (counter)",
		"CLIP0001.AVI => none",
		"Screenshot_20231027_123303_Facebook.jpg => Screenshot_20231027_123303_Facebook.jpg.supple.json (supplemental-metadata)",
		"Screenshot_20231027_123303_Facebook(1).jpg => Screenshot_20231027_123303_Facebook.jpg.supple(1).json (counter)",
	}},
	{"counter left in place (ente)", []string{"skytree (2).jpg.supplemental-metadata.json"}, []string{
		"skytree (2).jpg => skytree (2).jpg.supplemental-metadata.json (supplemental-metadata)",
		"skytree.jpg => none",
	}},
	{"title without extension in the new scheme (#674)", []string{
		"Peanut Butter Balls.supplemental-metadata.json",
		"2234089303984509579.supplemental-metadata.json",
	}, []string{
		"Peanut Butter Balls.jpg => Peanut Butter Balls.supplemental-metadata.json (no extension)",
		"2234089303984509579.jpg => 2234089303984509579.supplemental-metadata.json (no extension)",
		"2234089303984509579-edited.jpg => 2234089303984509579.supplemental-metadata.json (edited copy)",
	}},
	{"edited files map to the original's sidecar (#698, #674)", []string{
		"IMAG0061.JPG.supplemental-metadata.json",
		"IMG-20200101-WA0001~2.jpg.supplemental-metadat.json",
		"IMG-20200101-WA0001.jpg.supplemental-metadata.json",
	}, []string{
		"IMAG0061.JPG => IMAG0061.JPG.supplemental-metadata.json (supplemental-metadata)",
		"IMAG0061-edited.JPG => IMAG0061.JPG.supplemental-metadata.json (edited copy)",
		"IMG-20200101-WA0001~2-edited.jpg => IMG-20200101-WA0001~2.jpg.supplemental-metadat.json (edited copy)",
		"IMG-20200101-WA0001~2.jpg => IMG-20200101-WA0001~2.jpg.supplemental-metadat.json (supplemental-metadata)",
		"IMG-20200101-WA0001-edited.jpg => IMG-20200101-WA0001.jpg.supplemental-metadata.json (edited copy)",
	}},
	{"tilde copies are ordinary names", []string{"IMG_20210102_221126.jpg.json"}, []string{
		"IMG_20210102_221126~2.jpg => none",
	}},

	// §2.4 live and motion photos.
	{"Pixel motion photo (#405, #106)", []string{
		"PXL_20220514_093015123.MP.jpg.json",
		"PXL_20220514_093015123.MP~2.jpg.json",
		"PXL_20220601_120000000.MP.jpg.supplemental-metadata.json",
	}, []string{
		"PXL_20220514_093015123.MP.jpg => PXL_20220514_093015123.MP.jpg.json (exact)",
		"PXL_20220514_093015123.MP => PXL_20220514_093015123.MP.jpg.json (live photo)",
		"PXL_20220514_093015123.MP~2.jpg => PXL_20220514_093015123.MP~2.jpg.json (exact)",
		"PXL_20220514_093015123.MP~2 => PXL_20220514_093015123.MP~2.jpg.json (live photo)",
		"PXL_20220601_120000000.MP.jpg => PXL_20220601_120000000.MP.jpg.supplemental-metadata.json (supplemental-metadata)",
		"PXL_20220601_120000000.MP => PXL_20220601_120000000.MP.jpg.supplemental-metadata.json (live photo)",
		"PXL_20220601_120000000.MP~2 => PXL_20220601_120000000.MP.jpg.supplemental-metadata.json (live photo)",
		"PXL_20220601_120000000.MP~3 => PXL_20220601_120000000.MP.jpg.supplemental-metadata.json (live photo)",
		"PXL_20220601_120000001.MP => none",
	}},
	{"Pixel .LS.mp4 and .TS.mp4 have their own JSON", []string{"PXL_20230101_101010101.TS.mp4.json", "PXL_20230101_101010102.LS.mp4.json"}, []string{
		"PXL_20230101_101010101.TS.mp4 => PXL_20230101_101010101.TS.mp4.json (exact)",
		"PXL_20230101_101010102.LS.mp4 => PXL_20230101_101010102.LS.mp4.json (exact)",
	}},
	{"old Android MVIMG with an extension-less video (#634)", []string{"MVIMG_20190423_100512.jpg.json"}, []string{
		"MVIMG_20190423_100512.jpg => MVIMG_20190423_100512.jpg.json (exact)",
		"MVIMG_20190423_100512 => MVIMG_20190423_100512.jpg.json (live photo)",
	}},
	{"iPhone live photo (immich-go checkLivePhotoPixil)", []string{
		"IMG_4573.HEIC.json",
		"IMG_4574.HEIC.supplemental-metadata.json",
		"IMG_4575.JPG.json",
		"IMG_4580.HEIC(1).json",
	}, []string{
		"IMG_4573.HEIC => IMG_4573.HEIC.json (exact)",
		"IMG_4573.MP4 => IMG_4573.HEIC.json (live photo)",
		"IMG_4574.HEIC => IMG_4574.HEIC.supplemental-metadata.json (supplemental-metadata)",
		"IMG_4574.MOV => IMG_4574.HEIC.supplemental-metadata.json (live photo)",
		"IMG_4575.MOV => IMG_4575.JPG.json (live photo)",
		"IMG_4576.MOV => none",
		"IMG_4580(1).HEIC => IMG_4580.HEIC(1).json (counter)",
		"IMG_4580(1).MOV => IMG_4580.HEIC(1).json (live photo)",
		"IMG_4580.MOV => none",
	}},

	// §2.1 Unicode.
	{"no-break spaces read as spaces", []string{
		"\"Screenshot 2023-10-01 at 10.00.00\u202fAM.png.json\"",
		"\"Photo\u00a0de groupe.jpg.json\"",
	}, []string{
		"Screenshot 2023-10-01 at 10.00.00 AM.png => \"Screenshot 2023-10-01 at 10.00.00\u202fAM.png.json\" (exact)",
		"Photo de groupe.jpg => \"Photo\u00a0de groupe.jpg.json\" (exact)",
	}},
	{"accents: NFD media, JSON cut at 46 units of the NFC title", []string{"Soirée d'été chez Hélène et François à Séné 19.json"}, []string{
		`"Soire\u0301e d'e\u0301te\u0301 chez He\u0301le\u0300ne et Franc\u0327ois a\u0300 Se\u0301ne\u0301 199.jpg" => Soirée d'été chez Hélène et François à Séné 19.json (truncated title)`,
	}},
	{"accents: a Takeout extracted on a Mac, both NFD", []string{`"Soire\u0301e d'e\u0301te\u0301 chez He\u0301le\u0300ne et Franc\u0327ois a\u0300 Se\u0301ne\u0301 19.json"`}, []string{
		`"Soire\u0301e d'e\u0301te\u0301 chez He\u0301le\u0300ne et Franc\u0327ois a\u0300 Se\u0301ne\u0301 199.jpg" => "Soire\u0301e d'e\u0301te\u0301 chez He\u0301le\u0300ne et Franc\u0327ois a\u0300 Se\u0301ne\u0301 19.json" (truncated title)`,
	}},
}

func TestMatchSidecarsTable(t *testing.T) {
	for _, c := range matchCases {
		t.Run(c.quirk, func(t *testing.T) {
			sidecars, media, want := parseMatchCase(t, c.sidecars, c.want)
			checkPairs(t, sidecars, media, want)
		})
	}
}

// TestMatchSidecarsListing reads testdata/photos/listing.txt: directory
// blocks of a realistic Takeout, with the expected pairing written beside
// each media file.
func TestMatchSidecarsListing(t *testing.T) {
	blocks := readListing(t, filepath.Join("testdata", "photos", "listing.txt"))
	if len(blocks) < 4 {
		t.Fatalf("only %d directory blocks in the listing", len(blocks))
	}
	for _, b := range blocks {
		t.Run(b.dir, func(t *testing.T) {
			sidecars, media, want := parseMatchCase(t, b.sidecars, b.want)
			checkPairs(t, sidecars, media, want)
		})
	}
}

func checkPairs(t *testing.T, sidecars []SidecarName, media []string, want map[string]Match) {
	t.Helper()
	got := MatchSidecars(sidecars, media)
	for _, m := range media {
		g, ok := got[m]
		w, wok := want[m]
		switch {
		case !ok && !wok:
		case !ok:
			t.Errorf("%q: no sidecar, want %q (%s)", m, w.Sidecar, w.Rule)
		case !wok:
			t.Errorf("%q: paired with %q (%s), want none", m, g.Sidecar, g.Rule)
		case g != w:
			t.Errorf("%q: paired with %q (%s), want %q (%s)", m, g.Sidecar, g.Rule, w.Sidecar, w.Rule)
		}
	}
	if len(got) > len(media) {
		t.Errorf("%d pairs for %d media files", len(got), len(media))
	}
	// Order does not matter.
	rs, rm := slices.Clone(sidecars), slices.Clone(media)
	slices.Reverse(rs)
	slices.Reverse(rm)
	if again := MatchSidecars(rs, rm); !mapsEqual(again, got) {
		t.Errorf("the result depends on the order of the inputs:\n%v\n%v", got, again)
	}
}

func mapsEqual(a, b map[string]Match) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// unquoteName reads a name, in double quotes when it holds escapes.
func unquoteName(t *testing.T, s string) string {
	t.Helper()
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, `"`) {
		u, err := strconv.Unquote(s)
		if err != nil {
			t.Fatalf("bad quoted name %s: %v", s, err)
		}
		return u
	}
	return s
}

func parseMatchCase(t *testing.T, sidecarLines, wantLines []string) ([]SidecarName, []string, map[string]Match) {
	t.Helper()
	var sidecars []SidecarName
	for _, l := range sidecarLines {
		name, title, _ := strings.Cut(l, " | title=")
		sidecars = append(sidecars, SidecarName{Name: unquoteName(t, name), Title: title})
	}
	var media []string
	want := map[string]Match{}
	for _, l := range wantLines {
		left, right, ok := strings.Cut(l, " => ")
		if !ok {
			t.Fatalf("no => in %q", l)
		}
		m := unquoteName(t, left)
		media = append(media, m)
		right = strings.TrimSpace(right)
		if right == "none" {
			continue
		}
		i := strings.LastIndex(right, " (")
		if i < 0 || !strings.HasSuffix(right, ")") {
			t.Fatalf("no (rule) in %q", l)
		}
		rule := right[i+2 : len(right)-1]
		if !slices.Contains(allRules, rule) {
			t.Fatalf("unknown rule %q in %q", rule, l)
		}
		want[m] = Match{Sidecar: unquoteName(t, right[:i]), Rule: rule}
	}
	return sidecars, media, want
}

var allRules = []string{MatchExact, MatchSupplemental, MatchCounter, MatchTitle, MatchTruncated,
	MatchNoExtension, MatchLivePhoto, MatchEdited, MatchForgotten}

type listingBlock struct {
	dir            string
	sidecars, want []string
	other          []string // album JSONs and the like, not given to the matcher
}

// readListing reads the fixture format:
//
//	[Takeout/Google Photos/Photos from 2019]
//	json  IMG_1.jpg.json | title=IMG_1.jpg
//	media IMG_1.jpg => IMG_1.jpg.json (exact)
//	other metadata.json
func readListing(t *testing.T, file string) []listingBlock {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var blocks []listingBlock
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		l := strings.TrimSpace(sc.Text())
		switch {
		case l == "" || strings.HasPrefix(l, "#"):
		case strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]"):
			blocks = append(blocks, listingBlock{dir: unquoteName(t, l[1:len(l)-1])})
		case len(blocks) == 0:
			t.Fatalf("%s:%d: entry before the first [directory]", file, n)
		case strings.HasPrefix(l, "json "):
			blocks[len(blocks)-1].sidecars = append(blocks[len(blocks)-1].sidecars, strings.TrimSpace(l[5:]))
		case strings.HasPrefix(l, "media "):
			blocks[len(blocks)-1].want = append(blocks[len(blocks)-1].want, strings.TrimSpace(l[6:]))
		case strings.HasPrefix(l, "other "):
			blocks[len(blocks)-1].other = append(blocks[len(blocks)-1].other, strings.TrimSpace(l[6:]))
		default:
			t.Fatalf("%s:%d: cannot read %q", file, n, l)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return blocks
}

func TestAssetName(t *testing.T) {
	long := strings.Repeat("Très long nom de fichier ", 12) // 300 bytes
	tests := []struct{ title, file, want string }{
		{"", "IMG_1.jpg", "IMG_1.jpg"},
		{"IMG_1.jpg", "IMG_1.jpg", "IMG_1.jpg"},
		{"IMG_3479.JPG", "IMG_3479(1).JPG", "IMG_3479.JPG"},
		{"IMG_1.JPG", "IMG_1.jpg", "IMG_1.JPG"}, // same extension in another case: the title's spelling
		{"PXL_20230809_203449253.LONG_EXPOSURE-02.ORIGINAL.jpg", "PXL_20230809_203449253.LONG_EXPOSURE-02.ORIGINA.jpg",
			"PXL_20230809_203449253.LONG_EXPOSURE-02.ORIGINAL.jpg"}, // the truncation undone
		{"27/06/12 - 1", "27_06_12 - 1.mov", "27_06_12 - 1.mov"},
		{`a\b:c*d?e"f<g>h|i.jpg`, "x.jpg", "a_b_c_d_e_f_g_h_i.jpg"},
		{"line\r\nbreak.jpg", "x.jpg", "line__break.jpg"},
		{"IMG_4573.HEIC", "IMG_4573.MP4", "IMG_4573.MP4"}, // live photo video
		{"IMG_1.jpg.heic", "IMG_1.jpg", "IMG_1.jpg"},      // two extensions, the second trimmed
		{"photo.png.heic", "photo.jpg", "photo.jpg"},      // two trimmed, the real one put back
		{"a.b.c.png.heic", "x.jpg", "a.b.c.jpg"},          // at most two
		{"PXL_20220514_093015123.MP.jpg", "PXL_20220514_093015123.MP", "PXL_20220514_093015123.MP"},
		{"PXL_20220514_093015123.MP.jpg", "PXL_20220514_093015123.MP~2", "PXL_20220514_093015123.MP~2"},
		{"MVIMG_20190423_100512.jpg", "MVIMG_20190423_100512", "MVIMG_20190423_100512"},
		{"My.Trip.to.Rome", "My.Trip.to.Rome.jpg", "My.Trip.to.Rome.jpg"},             // dots that are not extensions stay
		{"Vacances à Noël", "Vacances a\u0300 Noe\u0308l.jpg", "Vacances à Noël.jpg"}, // no extension in the title; NFC
		{".jpg", "IMG_1.jpg", "No Name.jpg"},
		{".heic", "IMG_1.jpg", "No Name.jpg"},
		{"   .jpg", "IMG_1.jpg", "No Name.jpg"},
		{"(1).jpg", "(1).jpg", "(1).jpg"},
		{"IMG_1.jpg", "IMG_1-edited.jpg", "IMG_1-edited.jpg"}, // edited copies keep their suffix
		{"27/06/12 - 1.jpg", "27_06_12 - 1-modifié(1).jpg", "27_06_12 - 1-modifié(1).jpg"},
		{"backup.part", "backup.part", "backup_part"},
		{"", "video.mp4.part", "video.mp4_part"},
		{"notes.FilePart", "x", "notes_FilePart"},
		{"", "a\\b.jpg", "a_b.jpg"},
		{"", "bad\xffbyte.jpg", "bad_byte.jpg"},
		{long + ".jpg", "x.jpg", long[:246] + ".jpg"},
		{strings.Repeat("é", 200) + ".jpeg", "x.jpeg", strings.Repeat("é", 122) + ".jpeg"}, // 244 bytes + 5: never half a character
		{strings.Repeat("x", 300), "y", strings.Repeat("x", 250)},
		{"", strings.Repeat("x", 260) + ".part", strings.Repeat("x", 245) + "_part"},
	}
	for _, tt := range tests {
		got := AssetName(tt.title, tt.file)
		if got != tt.want {
			t.Errorf("AssetName(%q, %q) = %q, want %q", tt.title, tt.file, got, tt.want)
		}
		if len(got) > 250 {
			t.Errorf("AssetName(%q, %q) is %d bytes", tt.title, tt.file, len(got))
		}
	}
}

// Realistic year folders are big; the matcher must stay linear.
func TestMatchSidecarsBigFolder(t *testing.T) {
	sidecars, media := generatedFolder(0, 6000)
	got := MatchSidecars(sidecars, media)
	missing := 0
	for _, m := range media {
		if _, ok := got[m]; !ok {
			missing++
		}
	}
	// The generator leaves one file in 50 without a JSON.
	if want := len(media) / 50; missing > want+10 || missing < want-10 {
		t.Errorf("%d of %d media without sidecar, want about %d", missing, len(media), want)
	}
}

// generatedFolder builds a year folder of about n names, mixing the
// schemes and quirks of google-takeout.md §2.2–2.4.
func generatedFolder(seed, n int) ([]SidecarName, []string) {
	var sidecars []SidecarName
	var media []string
	add := func(json, title string, files ...string) {
		if json != "" {
			sidecars = append(sidecars, SidecarName{Name: json, Title: title})
		}
		media = append(media, files...)
	}
	for i := 0; len(media)+len(sidecars) < n; i++ {
		k := seed*1_000_000 + i
		img := fmt.Sprintf("IMG_%08d.jpg", k)
		switch i % 50 {
		case 0:
			add("", "", fmt.Sprintf("IMG_%08d_nojson.jpg", k))
		case 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20:
			add(img+".json", img, img)
		case 21, 22, 23, 24, 25, 26, 27, 28, 29, 30:
			add(img+".supplemental-metadata.json", img, img)
		case 31:
			add(img+".json", img, img, fmt.Sprintf("IMG_%08d-edited.jpg", k))
		case 32:
			add(fmt.Sprintf("IMG_%08d.jpg(1).json", k), img, fmt.Sprintf("IMG_%08d(1).jpg", k))
		case 33:
			p := fmt.Sprintf("PXL_2023%08d_123456789.MP.jpg", k)
			add(p+".json", p, p, strings.TrimSuffix(p, ".jpg"))
		case 34:
			h := fmt.Sprintf("IMG_%08d.HEIC", k)
			add(h+".json", h, h, fmt.Sprintf("IMG_%08d.MOV", k))
		case 35:
			title := fmt.Sprintf("%08d_Screenshot_20220207_102421_com.snapchat.android.jpg", k)
			add(title[:46]+".json", title, title[:47]+".jpg")
		case 36:
			s := fmt.Sprintf("Screenshot_%08d_Facebook.jpg", k)
			add((s + ".supplemental-metadata")[:46]+".json", s, s)
		default:
			v := fmt.Sprintf("VID_%08d.mp4", k)
			add(v+".supplemental-metadata.json", v, v)
		}
	}
	return sidecars, media
}
