package lang

// The messages of takeback batch (package batch): the manifest's problems,
// the run, its summary, its state and credentials files.
func init() {
	add(Catalogue{
		// The manifest.
		"reading the manifest %s: %w": "lecture du manifeste %s : %w",
		"reading the manifest: %w":    "lecture du manifeste : %w",
		"the manifest is larger than %d MiB: split it into several manifests":                                                       "le manifeste dépasse %d Mio : découpez-le en plusieurs manifestes",
		"too many problems: this does not look like a takeback manifest; fix the problems above first":                              "trop de problèmes : ce fichier ne ressemble pas à un manifeste de takeback ; corrigez d’abord les problèmes ci-dessus",
		"the manifest is empty: it needs a header row (%s) and one row per person":                                                  "le manifeste est vide : il lui faut une ligne d’en-tête (%s) puis une ligne par personne",
		"the manifest lists nobody: add one row per person under the header":                                                        "le manifeste ne liste personne : ajoutez une ligne par personne sous l’en-tête",
		"the manifest lists more than %d people: split it into several manifests":                                                   "le manifeste liste plus de %d personnes : découpez-le en plusieurs manifestes",
		`a quote (") inside a cell that does not start with one: put the whole cell in quotes and double the quotes inside it ("")`: `un guillemet (") au milieu d’une cellule qui ne commence pas par un guillemet : mettez toute la cellule entre guillemets et doublez les guillemets qu’elle contient ("")`,
		"a quoted cell is not closed, or has something after its closing quote":                                                     "une cellule entre guillemets n’est pas refermée, ou quelque chose suit son guillemet fermant",
		"not CSV: %v":                                          "ce n’est pas du CSV : %v",
		"column %d of the header has no name":                  "la colonne %d de l’en-tête n’a pas de nom",
		"the header has this column twice (columns %d and %d)": "l’en-tête a deux fois cette colonne (colonnes %d et %d)",
		"the header has no userid column: it is required":      "l’en-tête n’a pas de colonne userid : elle est obligatoire",
		"the header has no archives column: every person needs at least one archive to import": "l’en-tête n’a pas de colonne archives : chaque personne a besoin d’au moins une archive à importer",
		"not valid UTF-8: save the manifest as UTF-8":                                          "ce n’est pas de l’UTF-8 valide : enregistrez le manifeste en UTF-8",
		"%q is already on line %s (userids are compared without regard to case)":               "%q est déjà à la ligne %s (les identifiants sont comparés sans tenir compte des majuscules)",
		"nothing to import: list this person's Takeout or Facebook files":                      "rien à importer : indiquez les fichiers Takeout ou Facebook de cette personne",
		"more than %d paths for one person":                                                    "plus de %d chemins pour une seule personne",
		"%q is not a valid pattern (%v)":                                                       "%q n’est pas un motif valable (%v)",
		"%q matches no file (~ is not expanded: write the whole path)":                         "%q ne correspond à aucun fichier (~ n’est pas remplacé : écrivez le chemin complet)",
		"%q matches no file":                 "%q ne correspond à aucun fichier",
		"unknown column; did you mean %q?":   "colonne inconnue ; vouliez-vous dire %q ?",
		"unknown column; the columns are %s": "colonne inconnue ; les colonnes sont %s",
		"line %s: %v":                        "ligne %s : %v",
		"line %s, %s: %v":                    "ligne %s, %s : %v",

		// The manifest's cells.
		"missing: every person needs a userid": "manquant : chaque personne a besoin d’un identifiant (userid)",
		"%q has characters Nextcloud refuses in a userid (%q): use letters without accents, digits, spaces and _ . @ - '": "%q contient des caractères que Nextcloud refuse dans un identifiant (%q) : utilisez des lettres sans accents, des chiffres, des espaces et _ . @ - '",
		"%q is only dots, which Nextcloud refuses":                                                      "%q n’est fait que de points, ce que Nextcloud refuse",
		"%q is longer than the 64 characters Nextcloud allows":                                          "%q dépasse les 64 caractères que Nextcloud accepte",
		"has a line break or another control character":                                                 "contient un retour à la ligne ou un autre caractère de contrôle",
		"longer than the 64 characters Nextcloud allows":                                                "dépasse les 64 caractères que Nextcloud accepte",
		"%q has a line break or another control character":                                              "%q contient un retour à la ligne ou un autre caractère de contrôle",
		"%q is longer than the 64 characters Nextcloud allows for a group":                              "%q dépasse les 64 caractères que Nextcloud accepte pour un groupe",
		"%q is not an address such as name@example.org (write the address alone, without a name or <>)": "%q n’est pas une adresse comme nom@example.org (écrivez l’adresse seule, sans nom ni <>)",
		"the password has a line break or another control character":                                    "le mot de passe contient un retour à la ligne ou un autre caractère de contrôle",
		"the password is longer than the %d characters Nextcloud allows":                                "le mot de passe dépasse les %d caractères que Nextcloud accepte",
		`%q is not a quota: write "none", "default" or a size such as "10 GB", "500 MB" or "1.5 GB"`:    `%q n’est pas un quota : écrivez "none", "default" ou une taille comme "10 GB", "500 MB" ou "1.5 GB"`,
		`%q has no unit: write for example "%s GB"`:                                                     `%q n’a pas d’unité : écrivez par exemple "%s GB"`,
		"%q is not a quota (%v)":                                                                        "%q n’est pas un quota (%v)",
		"%q is larger than any disk":                                                                    "%q est plus grand que n’importe quel disque",
		`%q is not a language code such as "fr", "de" or "en_GB"`:                                       `%q n’est pas un code de langue comme "fr", "de" ou "en_GB"`,

		// The run.
		"the account already exists; to import into it, run with --existing reuse (and give its password in the manifest's password column)": "le compte existe déjà ; pour importer dedans, relancez avec --existing reuse (et donnez son mot de passe dans la colonne password du manifeste)",
		"the batch stopped before this person": "le lot s’est arrêté avant cette personne",
		"line %s (%s) has no password, so takeback would make one up: say where to write it with --credentials-out FILE": "la ligne %s (%s) n’a pas de mot de passe, donc takeback en inventerait un : indiquez où l’écrire avec --credentials-out FICHIER",
		"line %s (%s) has no e-mail address for the welcome mail (--welcome-mail)":                                       "la ligne %s (%s) n’a pas d’adresse e-mail pour l’e-mail de bienvenue (--welcome-mail)",
		"not finished: %v":                            "pas terminé : %v",
		"import done: %v":                             "import terminé : %v",
		"account created in Nextcloud":                "compte créé dans Nextcloud",
		"the import gave no report":                   "l’import n’a rendu aucun rapport",
		"the import: %w":                              "l’import : %w",
		"the import stopped: %w":                      "l’import s’est arrêté : %w",
		"sending the welcome mail: %w":                "envoi de l’e-mail de bienvenue : %w",
		"welcome mail sent":                           "e-mail de bienvenue envoyé",
		"looking for the account: %w":                 "recherche du compte : %w",
		"the account was already there: it is reused": "le compte existait déjà : il est réutilisé",
		"looking for the group %q: %w":                "recherche du groupe %q : %w",
		"the group %q does not exist: create it in Nextcloud, or run with --create-groups": "le groupe %q n’existe pas : créez-le dans Nextcloud, ou relancez avec --create-groups",
		"creating the group %q: %w": "création du groupe %q : %w",
		"group %q created":          "groupe %q créé",
		"the account already exists, but takeback does not know its password: give it in the manifest's password column": "le compte existe déjà, mais takeback ne connaît pas son mot de passe : donnez-le dans la colonne password du manifeste",
		"takeback does not know the account's password: give it in the manifest's password column":                       "takeback ne connaît pas le mot de passe du compte : donnez-le dans la colonne password du manifeste",
		"saving the batch's progress: %w":                            "enregistrement de l’avancement du lot : %w",
		"generating a password: %w":                                  "création d’un mot de passe : %w",
		"generating a password: no draw had every kind of character": "création d’un mot de passe : aucun tirage n’avait toutes les sortes de caractères",

		// The summary.
		"OK":                           "OK",
		"%d succeeded, %d failed":      "%d sans problème, %d en échec",
		"not started yet":              "pas encore commencé",
		"FAILED":                       "ÉCHEC",
		"FAILED: %s":                   "ÉCHEC : %s",
		"new account":                  "nouveau compte",
		"existing account":             "compte existant",
		"account already exists":       "le compte existe déjà",
		"no account":                   "pas de compte",
		"writing the batch report: %w": "écriture du rapport du lot : %w",

		// The files of a batch.
		"writing %s: %w":              "écriture de %s : %w",
		"the credentials file %s: %w": "le fichier des mots de passe %s : %w",
		"the credentials file %s can be read by other users of this computer (mode %s): run chmod 600 on it first": "le fichier des mots de passe %s peut être lu par les autres utilisateurs de cet ordinateur (mode %s) : lancez d’abord chmod 600 dessus",
		"the credentials file %s is damaged: %w": "le fichier des mots de passe %s est abîmé : %w",
		"the credentials file: %w":               "le fichier des mots de passe : %w",
		"reading the state file: %w":             "lecture du fichier de suivi : %w",
		"reading the state file %s: %w":          "lecture du fichier de suivi %s : %w",
		"the state file %s is damaged (%v): move it away to start the batch again from the beginning": "le fichier de suivi %s est abîmé (%v) : déplacez-le ailleurs pour reprendre le lot depuis le début",
		"larger than %d MiB": "plus de %d Mio",
		"format version %s, this takeback reads version %s": "format en version %s, ce takeback lit la version %s",
		"%q has an unknown stage %q":                        "%q a une étape inconnue %q",
		"%q and %q are the same userid":                     "%q et %q sont le même identifiant",
		"recording %s: unknown stage %q":                    "enregistrement de %s : étape inconnue %q",
		"recording %s: %w":                                  "enregistrement de %s : %w",
	})
	addPlurals(Plurals{
		"this row has %d cells, the header has %d": {
			En: [2]string{"this row has %d cell, the header has %d", "this row has %d cells, the header has %d"},
			Fr: [2]string{"cette ligne a %d cellule, l’en-tête en a %d", "cette ligne a %d cellules, l’en-tête en a %d"}},
		"the manifest %s has %d problems:": {Arg: 2,
			En: [2]string{"the manifest %s has %d problem:", "the manifest %s has %d problems:"},
			Fr: [2]string{"le manifeste %s a %d problème :", "le manifeste %s a %d problèmes :"}},
		"… and %d more": {
			En: [2]string{"… and %d more", "… and %d more"},
			Fr: [2]string{"… et %d autre", "… et %d autres"}},
		"the batch stopped after %d refused logins, before the server blocks this computer (brute-force protection): check the admin's password and the manifest's passwords; the last one: %w": {
			En: [2]string{
				"the batch stopped after %d refused login, before the server blocks this computer (brute-force protection): check the admin's password and the manifest's passwords; the last one: %v",
				"the batch stopped after %d refused logins, before the server blocks this computer (brute-force protection): check the admin's password and the manifest's passwords; the last one: %v"},
			Fr: [2]string{
				"le lot s’est arrêté après %d connexion refusée, avant que le serveur ne bloque cet ordinateur (protection contre les essais de mots de passe en série) : vérifiez le mot de passe de l’administrateur et ceux du manifeste ; la dernière : %v",
				"le lot s’est arrêté après %d connexions refusées, avant que le serveur ne bloque cet ordinateur (protection contre les essais de mots de passe en série) : vérifiez le mot de passe de l’administrateur et ceux du manifeste ; la dernière : %v"}},
		"importing %d archives": {
			En: [2]string{"importing %d archive", "importing %d archives"},
			Fr: [2]string{"import de %d archive", "import de %d archives"}},
		"%d items failed; see the person's report, then run the batch again": {
			En: [2]string{"%d item failed; see the person's report, then run the batch again", "%d items failed; see the person's report, then run the batch again"},
			Fr: [2]string{"%d élément en échec ; voyez le rapport de la personne, puis relancez le lot", "%d éléments en échec ; voyez le rapport de la personne, puis relancez le lot"}},
		"%d people: %v. Items: %v.": {
			En: [2]string{"%d person: %v. Items: %v.", "%d people: %v. Items: %v."},
			Fr: [2]string{"%d personne : %v. Éléments : %v.", "%d personnes : %v. Éléments : %v."}},
		"%d imported, %v": {
			En: [2]string{"%d imported, %v", "%d imported, %v"},
			Fr: [2]string{"%d importé, %v", "%d importés, %v"}},
		"%d present, %v": {
			En: [2]string{"%d present, %v", "%d present, %v"},
			Fr: [2]string{"%d déjà présent, %v", "%d déjà présents, %v"}},
		"%d skipped, %d failed": {
			En: [2]string{"%d skipped, %d failed", "%d skipped, %d failed"},
			Fr: [2]string{"%d ignoré, %d en échec", "%d ignorés, %d en échec"}},
	})
}
