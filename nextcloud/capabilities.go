package nextcloud

import (
	"context"
	"encoding/json"
)

// DefaultChunkMaxSize is the size above which files go up in chunks when
// the server does not advertise files.chunked_upload.max_size: Nextcloud's
// own default, 100 MiB (nextcloud-api.md §3.5, §10).
const DefaultChunkMaxSize = 100 << 20

// Capabilities is what GET /ocs/v1.php/cloud/capabilities says
// (nextcloud-api.md §1, §3.4, §3.5, §4).
type Capabilities struct {
	Version Version
	// Chunking is dav.chunking ("1.0"); "" when the server does not say.
	Chunking string
	// ChunkMaxSize is files.chunked_upload.max_size in bytes, or
	// DefaultChunkMaxSize when the server does not advertise one (or
	// advertises 0 or less, whose meaning the reference does not give).
	ChunkMaxSize int64
	// ChunkMaxSizeAdvertised says whether ChunkMaxSize came from the server.
	ChunkMaxSizeAdvertised bool
	// ChunkMaxParallel is files.chunked_upload.max_parallel_count; 0 when
	// not advertised (Nextcloud's default is 5).
	ChunkMaxParallel int
	// BulkUpload is whether dav.bulkupload is advertised (§4.3; takeback
	// does not rely on it).
	BulkUpload bool
	// Names are the forbidden file-name lists (files.forbidden_filenames,
	// …_basenames, …_characters, …_extensions).
	Names NameRules
}

// Version is the server's version as capabilities give it.
type Version struct {
	Major, Minor, Micro int
	String              string // "30.0.1"
}

// Capabilities reads the server's capabilities. They are public, but a
// logged-in request may see more, so the credentials go along when given.
func (s *Server) Capabilities(ctx context.Context) (*Capabilities, error) {
	return s.capabilities(ctx, s.auth)
}

func (s *Server) capabilities(ctx context.Context, c *Client) (*Capabilities, error) {
	var data struct {
		Version struct {
			Major  jsonInt `json:"major"`
			Minor  jsonInt `json:"minor"`
			Micro  jsonInt `json:"micro"`
			String string  `json:"string"`
		} `json:"version"`
		Capabilities json.RawMessage `json:"capabilities"`
	}
	if err := s.ocs(ctx, c, "GET", "/ocs/v1.php/cloud/capabilities", &data); err != nil {
		return nil, err
	}
	caps := parseCapabilities(data.Capabilities)
	caps.Version = Version{Major: int(data.Version.Major.v), Minor: int(data.Version.Minor.v),
		Micro: int(data.Version.Micro.v), String: data.Version.String}
	return caps, nil
}

// parseCapabilities reads ocs.data.capabilities, tolerating missing parts
// and PHP's [] for empty objects.
func parseCapabilities(raw json.RawMessage) *Capabilities {
	c := &Capabilities{ChunkMaxSize: DefaultChunkMaxSize}
	all := object(raw)
	dav := object(all["dav"])
	json.Unmarshal(dav["chunking"], &c.Chunking)
	if v, ok := dav["bulkupload"]; ok && string(v) != "null" && string(v) != "false" && string(v) != `""` {
		c.BulkUpload = true
	}
	files := object(all["files"])
	chunked := object(files["chunked_upload"])
	var size, parallel jsonInt
	json.Unmarshal(chunked["max_size"], &size)
	json.Unmarshal(chunked["max_parallel_count"], &parallel)
	if size.ok && size.v > 0 {
		c.ChunkMaxSize, c.ChunkMaxSizeAdvertised = size.v, true
	}
	if parallel.ok && parallel.v > 0 {
		c.ChunkMaxParallel = int(parallel.v)
	}
	c.Names = NameRules{
		Names:      stringList(files["forbidden_filenames"]),
		Basenames:  stringList(files["forbidden_filename_basenames"]),
		Characters: stringList(files["forbidden_filename_characters"]),
		Extensions: stringList(files["forbidden_filename_extensions"]),
	}
	return c
}
