package nextcloud

import (
	"context"
	"errors"

	"github.com/takeback/takeback/internal/lang"
)

// RevokeAppPassword deletes, on the server, the app password the Server
// logs in with: DELETE /ocs/v2.php/core/apppassword
// (core/Controller/AppPasswordController.php; nextcloud-api.md §2.1).
// Afterwards the password is refused everywhere (401). A server that no
// longer accepts it gives a Fatal *AuthError; a login password, which is not
// an app password, gives ErrNotAppPassword.
func (s *Server) RevokeAppPassword(ctx context.Context) error {
	err := s.ocs(ctx, s.auth, "DELETE", "/ocs/v2.php/core/apppassword", nil)
	var oe *OCSError
	if errors.As(err, &oe) && (oe.Code == ocsForbiddenV2 || oe.HTTPStatus == 403) {
		return ErrNotAppPassword
	}
	if err != nil {
		return lang.Errorf("revoking the app password: %w", err)
	}
	return nil
}

// ErrNotAppPassword says the password is a login password, which only its
// owner can change; only app passwords can be revoked.
var ErrNotAppPassword = lang.New("the server did not revoke the password: it is not an app password")
