package nextcloud

import (
	"context"

	"github.com/takeback/takeback/internal/lang"
)

// User is the logged-in user, from GET /ocs/v1.php/cloud/user
// (nextcloud-api.md §1, §8).
type User struct {
	// ID is the user ID that DAV paths are built from; it may differ from
	// the login name, which can be an e-mail address.
	ID          string
	DisplayName string
	Quota       Quota
}

// Quota is the user's storage, in bytes.
type Quota struct {
	// Known is false when the server sent no quota at all.
	Known bool
	// Free is the bytes still free, or one of the negative codes
	// QuotaNotComputed, QuotaUnknown, QuotaUnlimited.
	Free  int64
	Used  int64
	Total int64
	// Relative is the percentage used.
	Relative float64
	// Limit is the quota set by the administrator (quota.quota), or
	// QuotaUnlimited; 0 when not sent.
	Limit int64
}

// Negative values of Quota.Free and Quota.Limit (Nextcloud's
// SPACE_NOT_COMPUTED, SPACE_UNKNOWN, SPACE_UNLIMITED; nextcloud-api.md
// §3.3).
const (
	QuotaNotComputed = -1
	QuotaUnknown     = -2
	QuotaUnlimited   = -3
)

// FreeKnown reports whether Free is a number of bytes.
func (q Quota) FreeKnown() bool { return q.Known && q.Free >= 0 }

// Unlimited reports whether the administrator set no quota.
func (q Quota) Unlimited() bool {
	return q.Known && (q.Free == QuotaUnlimited || q.Limit == QuotaUnlimited)
}

// CurrentUser asks who is logged in. A wrong login name or password is a
// Fatal *AuthError, never retried.
func (s *Server) CurrentUser(ctx context.Context) (*User, error) {
	if s.user == "" {
		return nil, lang.New("no login name given")
	}
	var data struct {
		ID           string `json:"id"`
		DisplayName  string `json:"displayname"`
		DisplayName2 string `json:"display-name"`
		Quota        *struct {
			Free     jsonInt   `json:"free"`
			Used     jsonInt   `json:"used"`
			Total    jsonInt   `json:"total"`
			Relative jsonFloat `json:"relative"`
			Quota    jsonInt   `json:"quota"`
		} `json:"quota"`
	}
	if err := s.ocs(ctx, s.auth, "GET", "/ocs/v1.php/cloud/user", &data); err != nil {
		return nil, err
	}
	if data.ID == "" {
		return nil, lang.Errorf("the server did not say the user ID of %q", s.user)
	}
	u := &User{ID: data.ID, DisplayName: data.DisplayName}
	if u.DisplayName == "" {
		u.DisplayName = data.DisplayName2
	}
	if q := data.Quota; q != nil && (q.Free.ok || q.Total.ok || q.Quota.ok) {
		u.Quota = Quota{Known: true, Used: q.Used.v, Total: q.Total.v, Relative: q.Relative.v, Limit: q.Quota.v}
		u.Quota.Free = QuotaUnknown
		if q.Free.ok {
			u.Quota.Free = q.Free.v
		}
	}
	return u, nil
}
