package lang

// The messages of takeback's internal helpers: the stored login (package
// internal/credentials). internal/contentline and importers/media say
// nothing to people.
func init() {
	add(Catalogue{
		"%s on %s":                            "%s sur %s",
		"no stored login":                     "aucune connexion enregistrée",
		"finding the folder for settings: %w": "recherche du dossier des réglages : %w",
		"the login is incomplete: it needs the server, the login name and the app password": "la connexion est incomplète : il lui faut le serveur, le nom d’utilisateur et le mot de passe d’application",
		"creating the folder %s: %w":                "création du dossier %s : %w",
		"storing the login: %w":                     "enregistrement de la connexion : %w",
		"reading the stored login: %w":              "lecture de la connexion enregistrée : %w",
		"the stored login %s is not a regular file": "la connexion enregistrée %s n’est pas un fichier ordinaire",
		"the stored login %s can be read by other users of this computer (mode %s), so takeback does not use it. Make it private with: chmod 600 %s, or log in again": "la connexion enregistrée %s peut être lue par d’autres utilisateurs de cet ordinateur (mode %s), donc takeback ne l’utilise pas. Rendez-la privée avec : chmod 600 %s, ou reconnectez-vous",
		"the stored login %s is damaged; log in again (takeback login)":                                                                                               "la connexion enregistrée %s est abîmée ; reconnectez-vous (takeback login)",
		"removing the stored login: %w": "suppression de la connexion enregistrée : %w",
	})
}
