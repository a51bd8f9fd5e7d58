package importers

import "github.com/takeback/takeback/internal/lang"

// pageText holds every word of the HTML preview in one language, from the
// catalogue. It is a struct rather than a map so that the template cannot
// ask for a word that does not exist; a test checks that none is empty.
type pageText struct {
	Lang       string
	Title      string
	Intro      string
	NothingYet string
	Empty      string

	ToImport                           string
	Events, Tasks, Contacts, Photos    string
	Videos, Files, Notes               string
	Skipped, Failed, Warnings, Changed string

	OnServer, AlreadyThere, ToSend, NameTaken, ToUpload string

	Calendars, Calendar, NoDate string

	AddressBooks, AddressBook, MergedHelp string

	Chart, ChartDesc, PerMonth, Month, Undated string

	Albums, Album, Size string

	Where, WhereIntro, Folder          string
	CalendarApp, ContactsApp, FilesApp string

	Problems, NoProblems, FailedHelp, SkippedHelp, ChangedHelp, WarningsHelp string
	Source                                                                   string

	Months [12]string

	p *lang.Printer
}

// pageTextFor is the page's words in p's language.
func pageTextFor(p *lang.Printer) pageText {
	return pageText{
		p:          p,
		Lang:       p.Code(),
		Title:      p.Sprintf("What takeback will import"),
		Intro:      p.Sprintf("This page shows what takeback found in your archives and where it will go in Nextcloud."),
		NothingYet: p.Sprintf("Nothing has been sent or changed yet."),
		Empty:      p.Sprintf("Nothing to import was found."),

		ToImport: p.Sprintf("To import"),
		Events:   p.Sprintf("Events"), Tasks: p.Sprintf("Tasks"), Contacts: p.Sprintf("Contacts"), Photos: p.Sprintf("Photos"),
		Videos: p.Sprintf("Videos"), Files: p.Sprintf("Files"), Notes: p.Sprintf("Notes"),
		Skipped: p.Sprintf("Skipped"), Failed: p.Sprintf("Cannot be read"), Warnings: p.Sprintf("Warnings"),
		Changed: p.Sprintf("Changed on the way"),

		OnServer: p.Sprintf("On your Nextcloud"), AlreadyThere: p.Sprintf("Already there"), ToSend: p.Sprintf("To send"),
		NameTaken: p.Sprintf("Name taken by another file (it will get another name)"), ToUpload: p.Sprintf("Size to upload"),

		Calendars: p.Sprintf("Calendars"), Calendar: p.Sprintf("Calendar"), NoDate: p.Sprintf("no date"),

		AddressBooks: p.Sprintf("Address books"), AddressBook: p.Sprintf("Address book"),
		MergedHelp: p.Sprintf("Google repeats a contact in every label it has; takeback imports each person only once."),

		Chart:     p.Sprintf("Photos and videos per month"),
		ChartDesc: p.Sprintf("Bars show how many photos and videos were taken each month."),
		PerMonth:  p.Sprintf("Numbers per month"), Month: p.Sprintf("Month"), Undated: p.Sprintf("Without a date"),

		Albums: p.Sprintf("Albums"), Album: p.Sprintf("Album"), Size: p.Sprintf("Size"),

		Where:       p.Sprintf("Where everything will go"),
		WhereIntro:  p.Sprintf("Each line says what will be created in Nextcloud, and where."),
		Folder:      p.Sprintf("Folder"),
		CalendarApp: p.Sprintf("Calendar app"), ContactsApp: p.Sprintf("Contacts app"), FilesApp: p.Sprintf("Files"),

		Problems:     p.Sprintf("Warnings and skipped items"),
		NoProblems:   p.Sprintf("Nothing is skipped and there are no warnings."),
		FailedHelp:   p.Sprintf("These could not be read: the archive may be damaged."),
		SkippedHelp:  p.Sprintf("These will not be imported, on purpose."),
		ChangedHelp:  p.Sprintf("These will be imported with a small change."),
		WarningsHelp: p.Sprintf("Problems with part of the archives; the rest is imported."),
		Source:       p.Sprintf("from"),

		Months: [12]string{p.Sprintf("Jan"), p.Sprintf("Feb"), p.Sprintf("Mar"), p.Sprintf("Apr"), p.Sprintf("May"), p.Sprintf("Jun"),
			p.Sprintf("Jul"), p.Sprintf("Aug"), p.Sprintf("Sep"), p.Sprintf("Oct"), p.Sprintf("Nov"), p.Sprintf("Dec")},
	}
}
