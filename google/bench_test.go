package google

import (
	"bytes"
	"fmt"
	"testing"
)

// bigCalendar is a Google-style calendar of n events: a third of them
// weekly series with an exception, the rest one-off UTC events.
func bigCalendar(n int) []byte {
	var b bytes.Buffer
	b.WriteString("BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\nMETHOD:PUBLISH\r\n" +
		"X-WR-CALNAME:bench@gmail.com\r\nX-WR-TIMEZONE:Europe/Paris\r\n" +
		"BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\nX-LIC-LOCATION:Europe/Paris\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\n" +
		"TZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n")
	for i := 0; i < n; i++ {
		day := fmt.Sprintf("2024%02d%02d", i%12+1, i%28+1)
		if i%3 == 0 {
			fmt.Fprintf(&b, "BEGIN:VEVENT\r\nDTSTART;TZID=Europe/Paris:%sT100000\r\nDTEND;TZID=Europe/Paris:%sT110000\r\n"+
				"RRULE:FREQ=WEEKLY;COUNT=10\r\nEXDATE;TZID=Europe/Paris:%sT100000\r\nDTSTAMP:20241002T101010Z\r\nUID:series-%d@google.com\r\n"+
				"ORGANIZER;CN=Alice:mailto:alice@example.com\r\nATTENDEE;CN=Bob;PARTSTAT=ACCEPTED:mailto:bob@example.com\r\n"+
				"SUMMARY:Series %d\r\nEND:VEVENT\r\n", day, day, day, i, i)
			fmt.Fprintf(&b, "BEGIN:VEVENT\r\nDTSTART;TZID=Europe/Paris:%sT120000\r\nDTEND;TZID=Europe/Paris:%sT130000\r\n"+
				"RECURRENCE-ID;TZID=Europe/Paris:%sT100000\r\nDTSTAMP:20241002T101010Z\r\nUID:series-%d@google.com\r\n"+
				"SUMMARY:Series %d (moved)\r\nEND:VEVENT\r\n", day, day, day, i, i)
			continue
		}
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nDTSTART:%sT130000Z\r\nDTEND:%sT140000Z\r\nDTSTAMP:20241002T101010Z\r\n"+
			"UID:one-%d@google.com\r\nSUMMARY:Event %d\\, with a comma\r\nDESCRIPTION:A line\\nand another\r\n"+
			"BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:This is an event reminder\r\nTRIGGER:-P0DT0H30M0S\r\nEND:VALARM\r\nEND:VEVENT\r\n", day, day, i, i)
	}
	b.WriteString("END:VCALENDAR\r\n")
	return b.Bytes()
}

func BenchmarkParseCalendar5000(b *testing.B) {
	data := bigCalendar(5000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		f, err := ParseCalendar(bytes.NewReader(data))
		if err != nil || len(f.Objects) != 5000 {
			b.Fatalf("%v, %d objects", err, len(f.Objects))
		}
	}
}

// bigContacts is n distinct Google-style cards, each also present in a
// second label folder, as Takeout writes them.
func bigContacts(n int) []ContactsFile {
	var all, friends bytes.Buffer
	for i := 0; i < n; i++ {
		card := fmt.Sprintf("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person %d\r\nN:%d;Person;;;\r\n"+
			"EMAIL;TYPE=INTERNET;TYPE=HOME:p%d@example.com\r\nitem1.EMAIL;TYPE=INTERNET:p%d@club.example.org\r\n"+
			"item1.X-ABLabel:Custom\r\nTEL;TYPE=CELL:+33 6 12 34 %02d %02d\r\nBDAY:--11%02d\r\n"+
			"NOTE:Met at the climbing gym\\, likes cake.\r\nPHOTO:https://lh3.googleusercontent.com/contacts/X%d\r\n", i, i, i, i, i%100, i/100%100, i%28+1, i)
		all.WriteString(card + "CATEGORIES:myContacts,starred,Friends\r\nEND:VCARD\r\n")
		if i%2 == 0 {
			friends.WriteString(card + "CATEGORIES:myContacts,Friends\r\nEND:VCARD\r\n")
		}
	}
	return []ContactsFile{
		{Source: "t.zip!Takeout/Contacts/All Contacts/All Contacts.vcf", Data: all.Bytes()},
		{Source: "t.zip!Takeout/Contacts/Friends/Friends.vcf", Data: friends.Bytes()},
	}
}

func BenchmarkMergeContacts5000(b *testing.B) {
	files := bigContacts(5000)
	b.SetBytes(int64(len(files[0].Data) + len(files[1].Data)))
	for b.Loop() {
		cards, _ := MergeContacts(files)
		if len(cards) != 5000 {
			b.Fatalf("%d cards", len(cards))
		}
	}
}
