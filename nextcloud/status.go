package nextcloud

import (
	"context"
	"errors"

	"github.com/takeback/takeback/internal/lang"
)

// Status is what GET /status.php says, anonymously, about a Nextcloud
// (nextcloud-api.md §1). It answers even in maintenance mode.
type Status struct {
	Installed       bool   `json:"installed"`
	Maintenance     bool   `json:"maintenance"`
	NeedsDBUpgrade  bool   `json:"needsDbUpgrade"`
	Version         string `json:"version"`       // "30.0.1.2"
	VersionString   string `json:"versionstring"` // "30.0.1"
	ProductName     string `json:"productname"`   // "Nextcloud", or a themed name
	ExtendedSupport bool   `json:"extendedSupport"`
}

// Name is the product and its version, "Nextcloud 30.0.1".
func (st *Status) Name() string {
	name := st.ProductName
	if name == "" {
		name = "Nextcloud"
	}
	v := st.VersionString
	if v == "" {
		v = st.Version
	}
	if v == "" {
		return name
	}
	return name + " " + v
}

// Errors of Status, besides ErrMaintenance.
var (
	ErrNotInstalled = lang.New("the Nextcloud at this address is not installed yet: its administrator must finish the installation")
	ErrNeedsUpgrade = lang.New("the Nextcloud server waits for its administrator to finish an update (occ upgrade); " +
		"until then it accepts nothing. Try again later")
)

// Status reads status.php. It returns the status together with
// ErrMaintenance, ErrNeedsUpgrade or ErrNotInstalled when the server cannot
// take requests, and an *UnavailableError when the address is not a
// Nextcloud's.
func (s *Server) Status(ctx context.Context) (*Status, error) {
	var st Status
	err := s.getJSON(ctx, s.anon, "/status.php", "status.php", &st)
	var ae *AuthError
	if errors.As(err, &ae) {
		// Nextcloud's status.php is public: a server asking for a login
		// here is another one.
		return nil, &UnavailableError{API: "status.php", Answer: serverWords("401 Unauthorized")}
	}
	if err != nil {
		return nil, err
	}
	switch {
	case !st.Installed:
		return &st, ErrNotInstalled
	case st.Maintenance:
		return &st, ErrMaintenance
	case st.NeedsDBUpgrade:
		return &st, ErrNeedsUpgrade
	}
	return &st, nil
}
