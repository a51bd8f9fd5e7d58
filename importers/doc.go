// Package importers holds takeback's shared model and pipeline: archives are
// read as one Tree, Sources turn members into Items, the Items form a Plan,
// and Apply sends the Plan to a Target, recording one Result per Item in a
// Report. It knows nothing about Google, Facebook or Nextcloud.
package importers
