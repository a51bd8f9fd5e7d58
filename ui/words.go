package ui

import "github.com/takeback/takeback/internal/lang"

// words are the page's words in p's language, by the keys the page's
// template ({{w "key"}}) and script (w('key')) use. A test checks that
// every key they use is here.
func words(p *lang.Printer) map[string]string {
	return map[string]string{
		"title":    p.Sprintf("takeback: bring your data home"),
		"tagline":  p.Sprintf("Your Google and Facebook data, home in your Nextcloud"),
		"language": p.Sprintf("Language"),
		"offline":  p.Sprintf("takeback is not answering any more: it was closed, or the computer went to sleep. Start it again to go on; nothing is imported twice."),
		"step1":    p.Sprintf("Archives"),
		"step2":    p.Sprintf("Nextcloud"),
		"step3":    p.Sprintf("Preview"),
		"step4":    p.Sprintf("Import"),
		"step5":    p.Sprintf("Done"),
		"next":     p.Sprintf("Next"),
		"back":     p.Sprintf("Back"),
		"cancel":   p.Sprintf("Cancel"),

		"chooseTitle":   p.Sprintf("Choose your archives"),
		"chooseHelp":    p.Sprintf("Pick the files Google or Facebook gave you (.zip, .tgz or .tar.gz), or the folder where you extracted them. They stay on this computer: takeback reads them where they are."),
		"home":          p.Sprintf("Home folder"),
		"up":            p.Sprintf("Up one folder"),
		"folder":        p.Sprintf("Folder"),
		"goTo":          p.Sprintf("Open"),
		"hereExport":    p.Sprintf("This folder looks like an extracted export."),
		"useFolder":     p.Sprintf("Use this folder"),
		"emptyFolder":   p.Sprintf("No archives and no folders here."),
		"export":        p.Sprintf("extracted export"),
		"add":           p.Sprintf("Choose"),
		"added":         p.Sprintf("Chosen"),
		"addAll":        p.Sprintf("Choose every archive of this folder"),
		"chosen":        p.Sprintf("Your choice"),
		"nothingChosen": p.Sprintf("Nothing chosen yet."),
		"remove":        p.Sprintf("Remove"),

		"connectTitle":  p.Sprintf("Connect to your Nextcloud"),
		"connectHelp":   p.Sprintf("Type your Nextcloud’s address, as your browser shows it. A new tab opens with its login page: log in there and allow access, then come back to this tab. Your password never goes through takeback."),
		"serverAddress": p.Sprintf("Your Nextcloud’s address"),
		"logIn":         p.Sprintf("Log in"),
		"storedHelp":    p.Sprintf("You logged in before:"),
		"useAccount":    p.Sprintf("Use this account"),
		"otherAccount":  p.Sprintf("Use another account"),
		"waitingLogin":  p.Sprintf("Waiting for you to log in, in the other tab…"),
		"openLogin":     p.Sprintf("Open the login page again"),

		"previewTitle": p.Sprintf("See what will be imported"),
		"previewHelp":  p.Sprintf("Nothing has been sent yet. Untick what you do not want to import."),
		"whatToImport": p.Sprintf("What to import"),
		"startImport":  p.Sprintf("Start the import"),
		"retry":        p.Sprintf("Try again"),
		"previewFrame": p.Sprintf("What takeback found in your archives"),

		"importTitle": p.Sprintf("The import"),
		"importHelp":  p.Sprintf("You can pause at any time: the uploads under way finish and no new one starts. Resuming never imports anything twice."),
		"pause":       p.Sprintf("Pause"),
		"resume":      p.Sprintf("Resume"),

		"doneTitle":    p.Sprintf("What was imported"),
		"openIn":       p.Sprintf("See it in your Nextcloud"),
		"download":     p.Sprintf("Save the full report"),
		"downloadHelp": p.Sprintf("The report lists every item with what became of it: keep it, or send it to whoever helps you."),
	}
}
