package lang

// The command that starts the local web page (takeback ui) and its
// backend in cmd/takeback.
func init() {
	add(Catalogue{
		"do the whole move on a page in your web browser, step by step": "faire tout le déménagement sur une page de votre navigateur, étape par étape",
		"Starts a small web server that only this computer can reach (127.0.0.1), and opens its page\n" +
			"in your web browser. The page walks you through five steps: choose the archives, log in to\n" +
			"your Nextcloud, see what will be imported, import, and the outcome. Its address holds a secret\n" +
			"key: whoever has it can use the page, so do not share it. Ctrl-C stops takeback.\n" +
			"Started with no arguments from a file manager (a double-click), takeback runs this command." +
			"\n\nExamples:\n" +
			"   takeback ui\n" +
			"   takeback ui --no-browser --port 8080   # only prints the address, to open yourself": "Démarre un petit serveur web que seul cet ordinateur peut joindre (127.0.0.1), et ouvre sa page\n" +
			"dans votre navigateur. La page vous guide en cinq étapes : choisir les archives, vous connecter à\n" +
			"votre Nextcloud, voir ce qui sera importé, importer, et le résultat. Son adresse contient une clé\n" +
			"secrète : quiconque l’a peut utiliser la page, ne la partagez donc pas. Ctrl-C arrête takeback.\n" +
			"Lancé sans arguments depuis un gestionnaire de fichiers (un double-clic), takeback lance cette commande." +
			"\n\nExemples :\n" +
			"   takeback ui\n" +
			"   takeback ui --no-browser --port 8080   # affiche seulement l’adresse, à ouvrir vous-même",
		"the page's port on 127.0.0.1": "le port de la page sur 127.0.0.1",
		"a free one":                   "un port libre",
		"do not open a web browser: only print the page's address":   "ne pas ouvrir de navigateur : seulement afficher l’adresse de la page",
		"ui takes no arguments: you choose the archives on the page": "ui ne prend pas d’arguments : vous choisissez les archives sur la page",
		"--port must be between 0 and 65535":                         "--port doit être entre 0 et 65535",
		"takeback's page is ready. Open this address in your web browser:\n\n    %s\n\n" +
			"It works on this computer only, and it holds a secret key: do not share it.\n": "La page de takeback est prête. Ouvrez cette adresse dans votre navigateur :\n\n    %s\n\n" +
			"Elle ne fonctionne que sur cet ordinateur, et elle contient une clé secrète : ne la partagez pas.\n",
		"Keep takeback running while you use the page; press Ctrl-C here to stop it.\n": "Laissez takeback tourner pendant que vous utilisez la page ; appuyez ici sur Ctrl-C pour l’arrêter.\n",
		"\ntakeback stopped; the page no longer answers. An import that was under way stopped too, " +
			"uploads under way included. To finish it, start takeback ui again and import the same archives: " +
			"what is already on the server is not sent again.\n": "\ntakeback s’est arrêté ; la page ne répond plus. Un import en cours s’est arrêté aussi, " +
			"envois en cours compris. Pour le terminer, relancez takeback ui et importez les mêmes archives : " +
			"ce qui est déjà sur le serveur n’est pas renvoyé.\n",
		"stop once no page has been open for this long and nothing is being imported, e.g. 10m":                                                 "s’arrêter quand aucune page n’est ouverte depuis cette durée et que rien n’est en cours d’import, par exemple 10m",
		"Free some space in your Nextcloud (or ask its administrator for more), or untick photos and videos in the preview, then import again.": "Libérez de la place dans votre Nextcloud (ou demandez-en plus à son administrateur), ou décochez les photos et vidéos dans l’aperçu, puis relancez l’import.",
		"never":                          "jamais",
		"--idle-exit cannot be negative": "--idle-exit ne peut pas être négatif",
		"the stored login changed since you logged in on this page: log in again": "la connexion enregistrée a changé depuis que vous vous êtes connecté sur cette page : connectez-vous de nouveau",
	})
}
