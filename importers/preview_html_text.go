package importers

import "strings"

// pageText holds every word of the HTML preview in one language. It is a
// struct rather than a map so that the template cannot ask for a word that
// does not exist; a test checks that no language leaves one empty. The
// message catalogue can take these over as they are.
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

	Calendars, Calendar, From, To, NoDate string

	AddressBooks, AddressBook, MergedLabels, MergedHelp string

	Chart, ChartDesc, PerMonth, Month, Undated string

	Albums, Album, Size string

	Where, WhereIntro, Folder, FolderCount string
	CalendarApp, ContactsApp, FilesApp     string

	Problems, NoProblems, FailedHelp, SkippedHelp, ChangedHelp, WarningsHelp string
	Source                                                                   string

	// One names a single item of each kind, in the lists of problems.
	One map[Kind]string
	// Colon goes between a label and its value (French puts a space
	// before it).
	Colon  string
	Months [12]string
	// Decimal and Thousands are the number separators; Units the size units
	// from bytes up.
	Decimal, Thousands string
	Units              [5]string
}

var pageTexts = map[string]pageText{
	"en": {
		Lang:       "en",
		Title:      "What takeback will import",
		Intro:      "This page shows what takeback found in your archives and where it will go in Nextcloud.",
		NothingYet: "Nothing has been sent or changed yet.",
		Empty:      "Nothing to import was found.",

		ToImport: "To import",
		Events:   "Events", Tasks: "Tasks", Contacts: "Contacts", Photos: "Photos",
		Videos: "Videos", Files: "Files", Notes: "Notes",
		Skipped: "Skipped", Failed: "Cannot be read", Warnings: "Warnings", Changed: "Changed on the way",

		OnServer: "On your Nextcloud", AlreadyThere: "Already there", ToSend: "To send",
		NameTaken: "Name taken by another file (it will get another name)", ToUpload: "Size to upload",

		Calendars: "Calendars", Calendar: "Calendar", From: "From", To: "to", NoDate: "no date",

		AddressBooks: "Address book", AddressBook: "Address book",
		MergedLabels: "Listed under several labels, imported once",
		MergedHelp:   "Google repeats a contact in every label it has; takeback imports each person only once.",

		Chart:     "Photos and videos per month",
		ChartDesc: "Bars show how many photos and videos were taken each month.",
		PerMonth:  "Numbers per month", Month: "Month", Undated: "Without a date",

		Albums: "Albums", Album: "Album", Size: "Size",

		Where:      "Where everything will go",
		WhereIntro: "Each line says what will be created in Nextcloud, and where.",
		Folder:     "Folder", FolderCount: "Folders",
		CalendarApp: "Calendar app", ContactsApp: "Contacts app", FilesApp: "Files",

		Problems:     "Warnings and skipped items",
		NoProblems:   "Nothing is skipped and there are no warnings.",
		FailedHelp:   "These could not be read: the archive may be damaged.",
		SkippedHelp:  "These will not be imported, on purpose.",
		ChangedHelp:  "These will be imported with a small change.",
		WarningsHelp: "Problems with part of the archives; the rest is imported.",
		Source:       "from",

		One: map[Kind]string{Event: "event", Task: "task", Contact: "contact", Photo: "photo",
			Video: "video", File: "file", Note: "note", Archive: "archive"},
		Colon:   ": ",
		Months:  [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
		Decimal: ".", Thousands: ",",
		Units: [5]string{"bytes", "KB", "MB", "GB", "TB"},
	},
	"fr": {
		Lang:       "fr",
		Title:      "Ce que takeback va importer",
		Intro:      "Cette page montre ce que takeback a trouvé dans vos archives, et où cela ira dans Nextcloud.",
		NothingYet: "Rien n’a encore été envoyé ni modifié.",
		Empty:      "Rien à importer n’a été trouvé.",

		ToImport: "À importer",
		Events:   "Événements", Tasks: "Tâches", Contacts: "Contacts", Photos: "Photos",
		Videos: "Vidéos", Files: "Fichiers", Notes: "Notes",
		Skipped: "Laissés de côté", Failed: "Illisibles", Warnings: "Avertissements", Changed: "Modifiés en route",

		OnServer: "Sur votre Nextcloud", AlreadyThere: "Déjà présents", ToSend: "À envoyer",
		NameTaken: "Nom déjà pris par un autre fichier (il recevra un autre nom)", ToUpload: "Taille à envoyer",

		Calendars: "Agendas", Calendar: "Agenda", From: "Du", To: "au", NoDate: "sans date",

		AddressBooks: "Carnet d’adresses", AddressBook: "Carnet d’adresses",
		MergedLabels: "Classés sous plusieurs libellés, importés une seule fois",
		MergedHelp:   "Google répète un contact dans chacun de ses libellés ; takeback n’importe chaque personne qu’une fois.",

		Chart:     "Photos et vidéos par mois",
		ChartDesc: "Les barres montrent combien de photos et de vidéos ont été prises chaque mois.",
		PerMonth:  "Les chiffres mois par mois", Month: "Mois", Undated: "Sans date",

		Albums: "Albums", Album: "Album", Size: "Taille",

		Where:      "Où tout va arriver",
		WhereIntro: "Chaque ligne dit ce qui sera créé dans Nextcloud, et où.",
		Folder:     "Dossier", FolderCount: "Dossiers",
		CalendarApp: "Application Agenda", ContactsApp: "Application Contacts", FilesApp: "Fichiers",

		Problems:     "Avertissements et éléments laissés de côté",
		NoProblems:   "Rien n’est laissé de côté et il n’y a aucun avertissement.",
		FailedHelp:   "Ceux-ci n’ont pas pu être lus : l’archive est peut-être abîmée.",
		SkippedHelp:  "Ceux-ci ne seront pas importés, volontairement.",
		ChangedHelp:  "Ceux-ci seront importés avec une petite modification.",
		WarningsHelp: "Des problèmes dans une partie des archives ; le reste est importé.",
		Source:       "depuis",

		One: map[Kind]string{Event: "événement", Task: "tâche", Contact: "contact", Photo: "photo",
			Video: "vidéo", File: "fichier", Note: "note", Archive: "archive"},
		Colon:   "\u00a0: ",
		Months:  [12]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
		Decimal: ",", Thousands: "\u202f",
		Units: [5]string{"octets", "ko", "Mo", "Go", "To"},
	},
}

// textFor picks the page's language from "fr", "fr_FR.UTF-8", "en-GB"…;
// English when the language is not one the page speaks.
func textFor(lang string) pageText {
	l := strings.ToLower(lang)
	if i := strings.IndexAny(l, "_-.@"); i >= 0 {
		l = l[:i]
	}
	if t, ok := pageTexts[l]; ok {
		return t
	}
	return pageTexts["en"]
}
