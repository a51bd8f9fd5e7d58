package lang

// The command line (cmd/takeback): its help, messages, progress lines and
// prompts. The examples of the help keep their commands; only the words
// around them, and the comments, are translated.
func init() {
	add(Catalogue{
		"If part of these files is already on the server, takeback import --ignore-quota imports anyway, until the space runs out.\n": "Si une partie de ces fichiers est déjà sur le serveur, takeback import --ignore-quota importe quand même, jusqu’à ce que l’espace manque.\n",
		// The app, its help and its usage errors.
		"takeback: %v\n": "takeback : %v\n",
		"bring your Google Takeout home to your Nextcloud": "rapatriez votre Google Takeout dans votre Nextcloud",
		"takeback [--quiet | --verbose] [--log-file FILE] [--lang en|fr] COMMAND [options] [ARCHIVE...]\n\n" +
			"The global options go before the command (takeback --verbose preview takeout-*.zip) or after its name.": "takeback [--quiet | --verbose] [--log-file FICHIER] [--lang en|fr] COMMANDE [options] [ARCHIVE...]\n\n" +
			"Les options générales se placent avant la commande (takeback --verbose preview takeout-*.zip) ou après son nom.",
		"the language of the messages, the help and the --html page: en or fr (default: from LC_ALL, LC_MESSAGES or LANG)": "la langue des messages, de l’aide et de la page --html : en ou fr (par défaut : d’après LC_ALL, LC_MESSAGES ou LANG)",
		"--lang takes en or fr, not %q": "--lang accepte en ou fr, pas %q",
		"NAME:":                         "NOM :",
		"USAGE:":                        "UTILISATION :",
		"VERSION:":                      "VERSION :",
		"DESCRIPTION:":                  "DESCRIPTION :",
		"COMMANDS:":                     "COMMANDES :",
		"OPTIONS:":                      "OPTIONS :",
		"GLOBAL OPTIONS:":               "OPTIONS GÉNÉRALES :",
		"[command options]":             "[options de la commande]",
		"show help":                     "afficher l’aide",
		"print the version":             "afficher la version",
		"value":                         "valeur",
		"(default: %s)":                 "(par défaut : %s)",
		"there is no option %s":         "l’option %s n’existe pas",
		"the option %s needs a value":   "l’option %s demande une valeur",
		"%v (see %s --help)":            "%v (voir %s --help)",

		// What a run shows (--quiet, --verbose, --log-file).
		"print only the final summary and errors: no progress, no list of skipped items":                                 "n’afficher que le bilan final et les erreurs : ni progression, ni liste des éléments laissés de côté",
		"also print a line for every item as it ends, and what takeback is doing (archives opened, uploads tried again)": "afficher aussi une ligne pour chaque élément terminé, et ce que fait takeback (archives ouvertes, envois réessayés)",
		"write a detailed log to this `FILE`, to send to whoever helps you; it holds no password":                        "écrire un journal détaillé dans ce `FICHIER`, à envoyer à la personne qui vous aide ; il ne contient aucun mot de passe",
		"choose --quiet or --verbose, not both":                                                                          "choisissez --quiet ou --verbose, pas les deux",
		"the log file cannot be written: %v":                                                                             "impossible d’écrire le fichier journal : %v",

		// What to read, and how.
		"import only these kinds, comma-separated: calendars, tasks, contacts, photos, drive, notes":                    "n’importer que ces types, séparés par des virgules : calendars (agendas), tasks (tâches), contacts, photos, drive (Google Drive), notes",
		"give the Takeout archives to read, for example: takeback %s takeout-*.zip":                                     "indiquez les archives Takeout à lire, par exemple : takeback %s takeout-*.zip",
		"the folder in your files that receives Google photos and videos, by year and month":                            "le dossier de vos Fichiers qui reçoit les photos et vidéos Google, par année et par mois",
		"keep Google Photos albums that have no title, named after their folder":                                        "garder les albums Google Photos sans titre, en leur donnant le nom de leur dossier",
		"also import what was in the trash of Google Photos and Keep":                                                   "importer aussi ce qui était dans la corbeille de Google Photos et de Keep",
		"the folder in your files that receives your Google Drive, with its folder tree":                                "le dossier de vos Fichiers qui reçoit votre Google Drive, avec son arborescence",
		"the folder in your files that receives Google Keep notes (the Nextcloud Notes app reads Notes)":                "le dossier de vos Fichiers qui reçoit les notes Google Keep (l’application Notes de Nextcloud lit le dossier Notes)",
		"the calendar that receives Facebook events":                                                                    "l’agenda qui reçoit les événements Facebook",
		"which Facebook events: answered (hosted, going, interested) or all (also declined and unanswered invitations)": "quels événements Facebook : answered (ceux que vous organisez, où vous allez ou qui vous intéressent) ou all (aussi les invitations refusées ou restées sans réponse)",
		"the folder in your files that receives Facebook photos and videos":                                             "le dossier de vos Fichiers qui reçoit les photos et vidéos Facebook",
		"--facebook-events takes answered or all, not %q":                                                               "--facebook-events accepte answered ou all, pas %q",

		// Where to connect, as whom.
		"your Nextcloud's address, e.g. https://cloud.example.org (default: the one you logged in to)":            "l’adresse de votre Nextcloud, par exemple https://cloud.example.org (par défaut : celui auquel vous êtes connecté)",
		"your Nextcloud's address, e.g. https://cloud.example.org":                                                "l’adresse de votre Nextcloud, par exemple https://cloud.example.org",
		"a CalDAV address, for servers other than Nextcloud":                                                      "une adresse CalDAV, pour les serveurs autres que Nextcloud",
		"a CardDAV address, for servers other than Nextcloud":                                                     "une adresse CardDAV, pour les serveurs autres que Nextcloud",
		"the address of your files on a WebDAV server other than Nextcloud":                                       "l’adresse de vos fichiers sur un serveur WebDAV autre que Nextcloud",
		"your user name on the server (default: the stored login)":                                                "votre nom d’utilisateur sur le serveur (par défaut : celui de la connexion enregistrée)",
		"read the password from this file (or set TAKEBACK_PASSWORD)":                                             "lire le mot de passe dans ce fichier (ou définissez TAKEBACK_PASSWORD)",
		"allow adding to your existing calendar or address book with this name (repeatable)":                      "permettre d’ajouter à votre agenda ou carnet d’adresses existant qui porte ce nom (option répétable)",
		"also trust the certificate authority in this PEM file (for a server with a certificate of its own)":      "faire aussi confiance à l’autorité de certification de ce fichier PEM (pour un serveur qui a son propre certificat)",
		"do not check the server's certificate (unsafe: anyone on the network could read your password)":          "ne pas vérifier le certificat du serveur (dangereux : n’importe qui sur le réseau pourrait lire votre mot de passe)",
		"allow sending your password over plain http:// to another computer (unsafe, for a trusted network only)": "permettre d’envoyer votre mot de passe en simple http:// à un autre ordinateur (dangereux, seulement sur un réseau de confiance)",
		"no server": "aucun serveur",
		"--user is needed with a server (or log in once with: takeback login --server URL)": "--user est nécessaire avec un serveur (ou connectez-vous une fois avec : takeback login --server URL)",

		// Passwords.
		"Password for %s (an app password is best): ":        "Mot de passe de %s (un mot de passe d’application est préférable) : ",
		"set TAKEBACK_PASSWORD or pass --password-file FILE": "définissez TAKEBACK_PASSWORD ou donnez --password-file FICHIER",
		"read the password file: %w":                         "lecture du fichier du mot de passe : %w",
		"the password file %s is empty":                      "le fichier du mot de passe %s est vide",
		"no password: %v":                                    "pas de mot de passe : %v",
		"read the password: %w":                              "lecture du mot de passe : %w",

		// import.
		"Examples:\n" +
			"   takeback import takeout-*.zip                       # into the Nextcloud you logged in to\n" +
			"   takeback import --server https://cloud.example.org --user alice takeout-*.zip facebook-*.zip\n" +
			"   takeback import --to ~/takeback-out takeout-*.zip   # into a folder, no server": "Exemples :\n" +
			"   takeback import takeout-*.zip                       # dans le Nextcloud auquel vous êtes connecté\n" +
			"   takeback import --server https://cloud.example.org --user alice takeout-*.zip facebook-*.zip\n" +
			"   takeback import --to ~/takeback-out takeout-*.zip   # dans un dossier, sans serveur",
		"import the archives into Nextcloud, a CalDAV/CardDAV server, or a local folder": "importer les archives dans Nextcloud, un serveur CalDAV/CardDAV ou un dossier local",
		"ARCHIVE...":   "ARCHIVE...",
		"[ARCHIVE...]": "[ARCHIVE...]",
		"write into this local folder instead of a server":                     "écrire dans ce dossier local au lieu d’un serveur",
		"uploads at the same time":                                             "envois en même temps",
		"write the outcome of every item to this file (JSON Lines)":            "écrire le résultat de chaque élément dans ce fichier (JSON Lines)",
		"import even when the photos and videos do not fit in your free space": "importer même si les photos et vidéos ne tiennent pas dans votre espace libre",
		"--to writes to a local folder; do not combine it with a server":       "--to écrit dans un dossier local ; ne le combinez pas avec un serveur",
		"say where to import: --server https://your.cloud (Nextcloud; or log in once with takeback login --server URL), " +
			"--caldav/--carddav/--webdav URL (another server), or --to FOLDER (a local folder)": "indiquez où importer : --server https://votre.cloud (Nextcloud ; ou connectez-vous une fois avec takeback login --server URL), " +
			"--caldav/--carddav/--webdav URL (un autre serveur) ou --to DOSSIER (un dossier local)",
		"--jobs must be between 1 and 64": "--jobs doit être entre 1 et 64",
		"warning: %s: %v\n":               "attention : %s : %v\n",
		"Full report: %s\n":               "Rapport complet : %s\n",
		"Interrupted. Run the same command again to finish: nothing is imported twice.\n": "Interrompu. Relancez la même commande pour terminer : rien n’est importé deux fois.\n",
		"\nInterrupted: the uploads under way finish, no new ones start. " +
			"Press Ctrl-C again to stop them at once.\n": "\nInterruption : les envois en cours se terminent, aucun nouveau ne commence. " +
			"Appuyez de nouveau sur Ctrl-C pour les arrêter tout de suite.\n",
		"\nInterrupted again: stopping the uploads under way.\n": "\nNouvelle interruption : arrêt des envois en cours.\n",
		"for the photos and videos":                              "pour les photos et vidéos",
		"the import did not start; checking %v found:%v":         "l’import n’a pas commencé ; la vérification de %v a trouvé :%v",
		"If part of these files is already on the server from an earlier run, or you freed space meanwhile, " +
			"run the same command with --ignore-quota.": "Si une partie de ces fichiers est déjà sur le serveur depuis un essai précédent, ou si vous avez libéré de la place entre-temps, " +
			"relancez la même commande avec --ignore-quota.",
		"write the report: %w": "écriture du rapport : %w",

		// preview.
		"show what would be imported, and where, without changing anything": "montrer ce qui serait importé, et où, sans rien changer",
		"With no server named, nothing is contacted. With --server (or --caldav, --carddav, --webdav),\n" +
			"the server is only read, to mark each item new, already there, or in conflict with another file." +
			"\n\nExamples:\n" +
			"   takeback preview takeout-*.zip\n" +
			"   takeback preview --html report.html takeout-*.zip     # a page to open in a browser\n" +
			"   takeback preview --server https://cloud.example.org takeout-*.zip": "Sans serveur indiqué, rien n’est contacté. Avec --server (ou --caldav, --carddav, --webdav),\n" +
			"le serveur est seulement lu, pour marquer chaque élément comme nouveau, déjà présent ou en conflit avec un autre fichier." +
			"\n\nExemples :\n" +
			"   takeback preview takeout-*.zip\n" +
			"   takeback preview --html report.html takeout-*.zip     # une page à ouvrir dans un navigateur\n" +
			"   takeback preview --server https://cloud.example.org takeout-*.zip",
		"print JSON Lines (one item, warning or summary per line)":                                "afficher du JSON Lines (un élément, un avertissement ou un bilan par ligne)",
		"list every item, not only the totals":                                                    "lister chaque élément, pas seulement les totaux",
		"also write the preview as a web page to `FILE`, to open in a browser or send to someone": "écrire aussi l’aperçu en page web dans `FICHIER`, à ouvrir dans un navigateur ou à envoyer à quelqu’un",
		"checking the server: %v":                                                                 "vérification du serveur : %v",
		"writing the web page: %v":                                                                "écriture de la page web : %v",
		"Preview written to %s\n":                                                                 "Aperçu écrit dans %s\n",

		// Progress.
		"Reading the archives: %s of %v, %v": "Lecture des archives : %s sur %v, %v",
		"Importing: %s of %v":                "Import : %s sur %v",
		"%v of %v":                           "%v sur %v",
		"less than a minute left":            "encore moins d’une minute",
		"about %d min left":                  "encore environ %d min",
		"about %d h %d min left":             "encore environ %d h %d min",
		"%d of %d":                           "%d sur %d",
		"People done":                        "Personnes traitées",

		// batch.
		"the Nextcloud's address, e.g. https://cloud.example.org (default: the one you logged in to)": "l’adresse du Nextcloud, par exemple https://cloud.example.org (par défaut : celui auquel vous êtes connecté)",
		"the administrator's login name (default: the stored login)":                                  "le nom de connexion de l’administrateur (par défaut : celui de la connexion enregistrée)",
		"read the administrator's password from this file (or set TAKEBACK_ADMIN_PASSWORD)":           "lire le mot de passe de l’administrateur dans ce fichier (ou définissez TAKEBACK_ADMIN_PASSWORD)",
		"Examples:\n" +
			"   takeback batch preview newcomers.csv\n" +
			"   takeback batch run newcomers.csv --server https://cloud.example.org --admin alice --credentials-out passwords.csv": "Exemples :\n" +
			"   takeback batch preview newcomers.csv\n" +
			"   takeback batch run newcomers.csv --server https://cloud.example.org --admin alice --credentials-out passwords.csv",
		"create accounts and import many people's archives from one manifest (for administrators)":                     "créer des comptes et importer les archives de nombreuses personnes d’après un manifeste (pour les administrateurs)",
		"Example:\n   takeback batch preview --server https://cloud.example.org --admin alice newcomers.csv":           "Exemple :\n   takeback batch preview --server https://cloud.example.org --admin alice newcomers.csv",
		"show, per person, the account to create and what would be imported; with --server, also which accounts exist": "montrer, pour chaque personne, le compte à créer et ce qui serait importé ; avec --server, aussi les comptes qui existent déjà",
		"MANIFEST.csv": "MANIFESTE.csv",
		"Example:\n   takeback batch run newcomers.csv --server https://cloud.example.org --admin alice --credentials-out passwords.csv\n" +
			"Run the same command again after a failure: what is done is not done again.": "Exemple :\n   takeback batch run newcomers.csv --server https://cloud.example.org --admin alice --credentials-out passwords.csv\n" +
			"Après un échec, relancez la même commande : ce qui est fait n’est pas refait.",
		"create the accounts and run each person's import; run it again to finish after a failure":                                  "créer les comptes et lancer l’import de chaque personne ; relancez-le pour terminer après un échec",
		"an account that already exists: error (that person fails) or reuse (import into it; its password must be in the manifest)": "un compte qui existe déjà : error (cette personne échoue) ou reuse (importer dedans ; son mot de passe doit être dans le manifeste)",
		"create the groups the manifest names that do not exist yet":                                                                "créer les groupes nommés dans le manifeste qui n’existent pas encore",
		"ask Nextcloud to send each person its welcome e-mail once their import is done":                                            "demander à Nextcloud d’envoyer à chaque personne son e-mail de bienvenue une fois son import terminé",
		"write the passwords takeback makes up to this file (mode 0600); needed when a person has no password in the manifest":      "écrire dans ce fichier (mode 0600) les mots de passe que takeback invente ; nécessaire quand une personne n’a pas de mot de passe dans le manifeste",
		"people imported at the same time":                                                                           "personnes importées en même temps",
		"uploads at the same time, all people together":                                                              "envois en même temps, toutes personnes confondues",
		"the progress file (default: MANIFEST.csv.state.json)":                                                       "le fichier de progression (par défaut : MANIFESTE.csv.state.json)",
		"the batch report (default: batch-report.csv next to the manifest)":                                          "le rapport du lot (par défaut : batch-report.csv à côté du manifeste)",
		"the folder of each person's report, USERID.jsonl (default: MANIFEST-reports next to the manifest)":          "le dossier du rapport de chaque personne, IDENTIFIANT.jsonl (par défaut : MANIFESTE-reports à côté du manifeste)",
		"import even when a person's photos and videos do not fit in their quota":                                    "importer même si les photos et vidéos d’une personne ne tiennent pas dans son quota",
		"give the manifest, for example: takeback batch %s newcomers.csv":                                            "indiquez le manifeste, par exemple : takeback batch %s newcomers.csv",
		"say who the administrator is: --server URL --admin LOGIN (or log in once with takeback login --server URL)": "indiquez qui est l’administrateur : --server URL --admin IDENTIFIANT (ou connectez-vous une fois avec takeback login --server URL)",
		"--admin needs --server, the Nextcloud's address":                                                            "--admin demande --server, l’adresse du Nextcloud",
		"Password of the administrator %s (the login password, not an app password): ":                               "Mot de passe de l’administrateur %s (le mot de passe de connexion, pas un mot de passe d’application) : ",
		"set TAKEBACK_ADMIN_PASSWORD or pass --admin-password-file FILE":                                             "définissez TAKEBACK_ADMIN_PASSWORD ou donnez --admin-password-file FICHIER",
		"a new account": "un nouveau compte",
		"the account exists already: imported into it with --existing reuse, else this person fails": "le compte existe déjà : import dedans avec --existing reuse, sinon cette personne échoue",
		"  account:  %v\n": "  compte :   %v\n",
		"  settings: %s\n": "  réglages : %s\n",
		"  imports:  %s\n": "  import :   %s\n",
		"e-mail %s":        "e-mail %s",
		"groups %s":        "groupes %s",
		"quota %s":         "quota %s",
		"language %s":      "langue %s",
		"password made up by takeback (--credentials-out)": "mot de passe inventé par takeback (--credentials-out)",
		"password from the manifest":                       "mot de passe du manifeste",
		"nothing to import":                                "rien à importer",
		"%s to import":                                     "%s à importer",
		"--jobs and --parallel must be between 1 and 64":   "--jobs et --parallel doivent être entre 1 et 64",
		"--existing is error or reuse":                     "--existing vaut error ou reuse",
		"the reports folder: %v":                           "le dossier des rapports : %v",
		"Batch report: %s\nEach person's report: %s\n":     "Rapport du lot : %s\nRapport de chaque personne : %s\n",
		"Passwords made up by takeback: %s (keep it safe, hand them out, then delete it)\n": "Mots de passe inventés par takeback : %s (gardez ce fichier en lieu sûr, transmettez les mots de passe, puis supprimez-le)\n",
		"The batch stopped: %v\n": "Le lot s’est arrêté : %v\n",
		"Run the same command again to finish: what is done is not done twice.\n": "Relancez la même commande pour terminer : ce qui est fait n’est pas refait.\n",

		// login and logout.
		"Opens Nextcloud's login page in your browser; takeback then gets an app password of its own.\n\n" +
			"Example:\n   takeback login --server https://cloud.example.org": "Ouvre la page de connexion de Nextcloud dans votre navigateur ; takeback reçoit ensuite son propre mot de passe d’application.\n\n" +
			"Exemple :\n   takeback login --server https://cloud.example.org",
		"log in to your Nextcloud in your web browser, once; later commands need no password":                   "vous connecter à votre Nextcloud dans votre navigateur, une seule fois ; les commandes suivantes n’ont plus besoin de mot de passe",
		"fill in this user name on the login page":                                                              "préremplir ce nom d’utilisateur sur la page de connexion",
		"say which Nextcloud to log in to: takeback login --server https://cloud.example.org":                   "indiquez à quel Nextcloud vous connecter : takeback login --server https://cloud.example.org",
		"login takes no arguments, only --server (and --user)":                                                  "login ne prend pas d’arguments, seulement --server (et --user)",
		"the login could not start at %s: %v":                                                                   "la connexion n’a pas pu commencer sur %s : %v",
		"Open this address in your web browser and log in to your Nextcloud (within 20 minutes):\n\n    %s\n\n": "Ouvrez cette adresse dans votre navigateur et connectez-vous à votre Nextcloud (dans les 20 minutes) :\n\n    %s\n\n",
		"(A browser window should have opened with it.)\n":                                                      "(Une fenêtre du navigateur a dû s’ouvrir sur cette adresse.)\n",
		"Waiting for you to log in and allow access… (Ctrl+C to stop)\n":                                        "En attente de votre connexion et de votre autorisation… (Ctrl+C pour arrêter)\n",
		"stopped: not logged in": "arrêté : vous n’êtes pas connecté",
		"not logged in: %v":      "pas connecté : %v",
		"%s (user ID %s)":        "%s (identifiant %s)",
		"warning: could not read your user ID (%v); takeback will ask the server again when it needs it\n": "attention : impossible de lire votre identifiant (%v) ; takeback le redemandera au serveur quand il en aura besoin\n",
		"logged in, but the login could not be stored: %v":                                                 "connecté, mais la connexion n’a pas pu être enregistrée : %v",
		"Logged in as %v on %s.\n": "Connecté en tant que %v sur %s.\n",
		"The app password is kept in %s, readable only by you; \"takeback logout\" removes it.\n": "Le mot de passe d’application est conservé dans %s, lisible par vous seul ; « takeback logout » le supprime.\n",
		"The previous login (%v) is replaced, but its app password could not be revoked (%v): " +
			"remove it in that Nextcloud's Personal settings → Security.\n": "La connexion précédente (%v) est remplacée, mais son mot de passe d’application n’a pas pu être révoqué (%v) : " +
			"supprimez-le dans Paramètres personnels → Sécurité de ce Nextcloud.\n",
		"The previous login (%v) is replaced and its app password revoked.\n": "La connexion précédente (%v) est remplacée et son mot de passe d’application révoqué.\n",
		"no command in $BROWSER started":                                      "aucune commande de $BROWSER n’a démarré",
		"no graphical session":                                                "pas de session graphique",
		"Revokes takeback's app password on the server and forgets the login.\n\nExample:\n   takeback logout": "Révoque le mot de passe d’application de takeback sur le serveur et oublie la connexion.\n\nExemple :\n   takeback logout",
		"revoke the stored app password on the server and forget the login":                                    "révoquer sur le serveur le mot de passe d’application enregistré et oublier la connexion",
		"You are not logged in: there is no stored login.\n":                                                   "Vous n’êtes pas connecté : aucune connexion n’est enregistrée.\n",
		"%v. It is removed; if it held an app password, revoke it in your Nextcloud's " +
			"Personal settings → Security.": "%v. Elle est supprimée ; si elle contenait un mot de passe d’application, révoquez-le dans " +
			"Paramètres personnels → Sécurité de votre Nextcloud.",
		"The app password of %v is revoked on the server.\n":                             "Le mot de passe d’application de %v est révoqué sur le serveur.\n",
		"The server no longer accepts the app password of %v: it was already revoked.\n": "Le serveur n’accepte plus le mot de passe d’application de %v : il était déjà révoqué.\n",
		"The app password could NOT be revoked on %s: %v\n" +
			"It still works there: remove it in that Nextcloud's Personal settings → Security (the device named %q).\n": "Le mot de passe d’application n’a PAS pu être révoqué sur %s : %v\n" +
			"Il fonctionne toujours là-bas : supprimez-le dans Paramètres personnels → Sécurité de ce Nextcloud (l’appareil nommé %q).\n",
		"The stored login is removed (%s).\n": "La connexion enregistrée est supprimée (%s).\n",

		// doctor.
		"Examples:\n" +
			"   takeback doctor                       # the Nextcloud you logged in to\n" +
			"   takeback doctor takeout-*.zip         # also: do these archives fit in your free space?": "Exemples :\n" +
			"   takeback doctor                       # le Nextcloud auquel vous êtes connecté\n" +
			"   takeback doctor takeout-*.zip         # en plus : ces archives tiennent-elles dans votre espace libre ?",
		"check your Nextcloud before an import, and explain what it finds":                                                   "vérifier votre Nextcloud avant un import, et expliquer ce qui a été trouvé",
		"the folder for Google photos, as for import":                                                                        "le dossier des photos Google, comme pour import",
		"the folder for Facebook photos, as for import":                                                                      "le dossier des photos Facebook, comme pour import",
		"say which Nextcloud to check: --server https://cloud.example.org, or log in first with takeback login --server URL": "indiquez quel Nextcloud vérifier : --server https://cloud.example.org, ou connectez-vous d’abord avec takeback login --server URL",
		"Checking %v…\n":                       "Vérification de %v…\n",
		"Everything is ready for an import.\n": "Tout est prêt pour un import.\n",
		"Archive":                              "Archive",
		"cannot read %s: %v":                   "impossible de lire %s : %v",
		"the size of the archive":              "la taille de l’archive",
		"the size of the %d archives":          "la taille des %d archives",

		// version, completion, man.
		"print the version, the commit and the Go version takeback was built from": "afficher la version, le commit et la version de Go qui ont servi à construire takeback",
		"Give these three lines when you ask for help or report a problem.\n\n" +
			"Example:\n   takeback version": "Donnez ces trois lignes quand vous demandez de l’aide ou signalez un problème.\n\n" +
			"Exemple :\n   takeback version",
		"print the shell completion script for bash, zsh or fish": "afficher le script de complétion du shell pour bash, zsh ou fish",
		"Lets the shell complete takeback's commands and options with the Tab key.\n\n" +
			"Examples:\n" +
			"   source <(takeback completion bash)      # bash, this shell only\n" +
			"   takeback completion bash > ~/.local/share/bash-completion/completions/takeback\n" +
			"   takeback completion zsh > \"${fpath[1]}/_takeback\"\n" +
			"   takeback completion fish > ~/.config/fish/completions/takeback.fish": "Permet au shell de compléter les commandes et les options de takeback avec la touche Tab.\n\n" +
			"Exemples :\n" +
			"   source <(takeback completion bash)      # bash, ce shell seulement\n" +
			"   takeback completion bash > ~/.local/share/bash-completion/completions/takeback\n" +
			"   takeback completion zsh > \"${fpath[1]}/_takeback\"\n" +
			"   takeback completion fish > ~/.config/fish/completions/takeback.fish",
		"name the shell: takeback completion bash, zsh or fish":       "nommez le shell : takeback completion bash, zsh ou fish",
		"takeback has no completion for %q: choose bash, zsh or fish": "takeback n’a pas de complétion pour %q : choisissez bash, zsh ou fish",
		"print takeback's manual page":                                "afficher la page de manuel de takeback",
		"The manual page is in English.\n\n" +
			"Example:\n" +
			"   takeback man > takeback.1 && man ./takeback.1": "La page de manuel est en anglais.\n\n" +
			"Exemple :\n" +
			"   takeback man > takeback.1 && man ./takeback.1",
	})
	addPlurals(Plurals{
		"%d parts read":  {En: [2]string{"%d part read", "%d parts read"}, Fr: [2]string{"%d partie lue", "%d parties lues"}},
		"%d files found": {En: [2]string{"%d file found", "%d files found"}, Fr: [2]string{"%d fichier trouvé", "%d fichiers trouvés"}},
		"%d of %d items": {Arg: 2, En: [2]string{"%d of %d item", "%d of %d items"}, Fr: [2]string{"%d sur %d élément", "%d sur %d éléments"}},
		"%s: %d of %d items\n": {Arg: 3, En: [2]string{"%s: %d of %d item\n", "%s: %d of %d items\n"},
			Fr: [2]string{"%s : %d sur %d élément\n", "%s : %d sur %d éléments\n"}},
		"%s: done (%d of %d people)\n": {Arg: 3, En: [2]string{"%s: done (%d of %d person)\n", "%s: done (%d of %d people)\n"},
			Fr: [2]string{"%s : terminé (%d sur %d personne)\n", "%s : terminé (%d sur %d personnes)\n"}},
		"%s: failed (%d of %d people)\n": {Arg: 3, En: [2]string{"%s: failed (%d of %d person)\n", "%s: failed (%d of %d people)\n"},
			Fr: [2]string{"%s : échec (%d sur %d personne)\n", "%s : échec (%d sur %d personnes)\n"}},
		"%d people in %s\n": {En: [2]string{"%d person in %s\n", "%d people in %s\n"}, Fr: [2]string{"%d personne dans %s\n", "%d personnes dans %s\n"}},
		"; %d skipped":      {En: [2]string{"; %d skipped", "; %d skipped"}, Fr: [2]string{" ; %d laissé de côté", " ; %d laissés de côté"}},
		"; %d unreadable":   {En: [2]string{"; %d unreadable", "; %d unreadable"}, Fr: [2]string{" ; %d illisible", " ; %d illisibles"}},
		"%d problems: an import would fail or go wrong. See the lines marked “%v”.\n": {
			En: [2]string{"%d problem: an import would fail or go wrong. See the lines marked “%v”.\n", "%d problems: an import would fail or go wrong. See the lines marked “%v”.\n"},
			Fr: [2]string{"%d problème : un import échouerait ou se passerait mal. Voyez les lignes marquées « %v ».\n", "%d problèmes : un import échouerait ou se passerait mal. Voyez les lignes marquées « %v ».\n"}},
		"No problem; %d warnings worth reading.\n": {
			En: [2]string{"No problem; %d warning worth reading.\n", "No problem; %d warnings worth reading.\n"},
			Fr: [2]string{"Aucun problème ; %d remarque à lire.\n", "Aucun problème ; %d remarques à lire.\n"}},
	})
}
