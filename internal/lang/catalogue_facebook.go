package lang

// The messages of the Facebook export reader (package facebook). "could
// not be read: %v" is in catalogue_google.go.
func init() {
	add(Catalogue{
		"read JSON: %w":                                 "lecture du JSON : %w",
		"the JSON file is larger than %s":               "le fichier JSON dépasse %s",
		"decode JSON: the file is empty":                "lecture du JSON : le fichier est vide",
		"decode JSON: %w":                               "lecture du JSON : %w",
		"decode JSON: data follows the top-level value": "lecture du JSON : des données suivent la valeur principale",
		"not read: the file is %s uncompressed, more than the %s takeback reads of a Facebook record; what it lists is not imported":                                          "non lu : le fichier fait %s une fois décompressé, plus que les %s que takeback lit d’un fichier de données Facebook ; ce qu’il contient n’est pas importé",
		"this Facebook export is in HTML format, whose times cannot be trusted. Ask Facebook for a new one in JSON format: Settings, Download your information, Format: JSON": "cet export Facebook est au format HTML, dont les heures ne sont pas fiables. Demandez-en un nouveau à Facebook au format JSON : Paramètres, Télécharger vos informations, Format : JSON",
		"you declined this event (--facebook-events all imports it)":                                                                                                          "vous avez décliné cet événement (--facebook-events all l’importe)",
		"you were invited but did not answer (--facebook-events all imports it)":                                                                                              "vous avez reçu une invitation sans y répondre (--facebook-events all l’importe)",
		"no end time in the Facebook export: 2 hours assumed":                                                                                                                 "pas d’heure de fin dans l’export Facebook : une durée de 2 heures est supposée",
		"it names %s, which is not in the export (is a part missing?)":                                                                                                        "%s est cité, mais absent de l’export (manque-t-il une partie ?)",
	})
}
