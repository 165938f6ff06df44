package zmqffi

import (
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"syscall"
)

// curveDir is a certificate directory an Authenticator admits the keys of.
type curveDir struct {
	domain string
	dir    string
	keys   map[string]map[string]string // Z85 public key → the certificate's metadata
}

// AllowCurveDir accepts CURVE clients whose public keys are in the
// certificates of directory dir (see LoadCertificates: czmq's, pyzmq's
// name.key files, or those Save writes) on server sockets of ZAP domain
// domain (AnyDomain: every domain). The user id of such a client is its key
// in Z85, and the ZAP reply carries its certificate's metadata, which the
// server reads from the client's messages (RecvWithMetadata, libzmq 4.1+),
// as czmq's zauth does.
//
// The directory is read now and again at each Reload; calling AllowCurveDir
// again for the same domain and directory reads it again. When it cannot
// be read, or a file in it is not a certificate, nothing changes and the
// error says which.
func (a *Authenticator) AllowCurveDir(domain, dir string) error {
	d := &curveDir{domain: domain, dir: filepath.Clean(dir)}
	if err := d.load(); err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for i, old := range a.curveDirs {
		if old.domain == d.domain && old.dir == d.dir {
			a.curveDirs[i] = d
			return nil
		}
	}
	a.curveDirs = append(a.curveDirs, d)
	return nil
}

func (d *curveDir) load() error {
	certs, err := LoadCertificates(d.dir)
	if err != nil {
		return fmt.Errorf("zmqffi: AllowCurveDir(%q): %w", d.dir, err)
	}
	d.keys = make(map[string]map[string]string, len(certs))
	for _, c := range certs {
		d.keys[c.PublicKey] = c.Metadata
	}
	return nil
}

// Reload reads every directory given to AllowCurveDir again, so that keys
// added to or removed from them take effect. A directory that cannot be
// read keeps the keys it had; the error joins what went wrong.
func (a *Authenticator) Reload() error {
	a.mu.Lock()
	dirs := slices.Clone(a.curveDirs)
	a.mu.Unlock()
	var errs []error
	fresh := make(map[*curveDir]*curveDir, len(dirs))
	for _, d := range dirs {
		n := &curveDir{domain: d.domain, dir: d.dir}
		if err := n.load(); err != nil {
			errs = append(errs, err)
			continue
		}
		fresh[d] = n
	}
	a.mu.Lock()
	for i, d := range a.curveDirs {
		if n, ok := fresh[d]; ok {
			a.curveDirs[i] = n
		}
	}
	a.mu.Unlock()
	return errors.Join(errs...)
}

// curveDirKey looks for a Z85 key in the directories of domain, with a.mu
// held.
func (a *Authenticator) curveDirKey(domain, key string) (map[string]string, bool) {
	for _, d := range a.curveDirs {
		if d.domain != domain {
			continue
		}
		if md, ok := d.keys[key]; ok {
			return md, true
		}
	}
	return nil, false
}

// ZAPRequest is one authentication request, as a ZAPHandler sees it (ZeroMQ
// RFC 27).
type ZAPRequest struct {
	// Domain is the server socket's ZAP domain (SetZAPDomain).
	Domain string
	// Address is the client's IP address.
	Address string
	// Identity is the server socket's routing id for the client, if any.
	Identity []byte
	// Mechanism is "NULL", "PLAIN", "CURVE" or "GSSAPI".
	Mechanism string
	// Credentials are the mechanism's: none for NULL, user name and password
	// for PLAIN, the client's 32-byte public key for CURVE, the principal
	// for GSSAPI.
	Credentials [][]byte
	// Rules is the reply the Authenticator's rules (Allow, Deny,
	// AddPlainUser, AllowCurve, AllowCurveDir…) give: return it to keep
	// their decision.
	Rules ZAPReply
}

// CurveKey returns the client's CURVE public key in Z85 ("" for other
// mechanisms).
func (r *ZAPRequest) CurveKey() string {
	if r.Mechanism != "CURVE" || len(r.Credentials) != 1 || len(r.Credentials[0]) != curveKeyLen {
		return ""
	}
	k, _ := Z85Encode(r.Credentials[0])
	return k
}

// ZAPReply is the answer to a ZAP request.
type ZAPReply struct {
	// StatusCode is RFC 27's: 200 admits the client; 300 (temporary
	// error), 400 (denied) and 500 (internal error) refuse it.
	StatusCode int
	// StatusText is sent to the client with the status (libzmq passes it
	// to the client as the reason of a failed handshake).
	StatusText string
	// UserID names the admitted client; the server reads it as the
	// "User-Id" property of its messages (RecvWithMetadata).
	UserID string
	// Metadata are more properties of the client's messages, for an
	// admitted client.
	Metadata map[string]string
}

// ZAPAllow is the reply that admits a client with a user id and metadata
// (nil for none).
func ZAPAllow(userID string, metadata map[string]string) ZAPReply {
	return ZAPReply{StatusCode: 200, StatusText: "OK", UserID: userID, Metadata: metadata}
}

// ZAPDeny is the reply that refuses a client, with a status text.
func ZAPDeny(text string) ZAPReply { return ZAPReply{StatusCode: 400, StatusText: text} }

// ZAPHandler decides a ZAP request; see SetHandler.
type ZAPHandler func(req *ZAPRequest) ZAPReply

// SetHandler makes fn decide every request, after the rules: it gets the
// request with the rules' reply in req.Rules and returns the reply to send
// (req.Rules to keep it). nil, the default, sends the rules' reply. fn runs
// on the handler's goroutine, one request at a time, during the client's
// handshake: a slow fn holds up handshakes. It may call the
// Authenticator's methods. A panic in fn refuses the client with status 500
// and is logged (see SetLogger).
func (a *Authenticator) SetHandler(fn ZAPHandler) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.handler = fn
}

// callHandler runs the handler, turning a panic into a 500 reply.
func (a *Authenticator) callHandler(fn ZAPHandler, req *ZAPRequest) (r ZAPReply) {
	defer func() {
		if p := recover(); p != nil {
			a.mu.Lock()
			if a.logger != nil {
				a.logger.Error("zmqffi: ZAP handler panicked", "panic", fmt.Sprint(p))
			}
			a.mu.Unlock()
			r = ZAPReply{StatusCode: 500, StatusText: "Internal error"}
		}
	}()
	return fn(req)
}

// checkReply returns the reply as sent: a status code outside RFC 27's, or
// metadata that cannot be encoded, become a 500.
func checkReply(r ZAPReply) (ZAPReply, error) {
	switch r.StatusCode {
	case 200, 300, 400, 500:
	default:
		return ZAPReply{StatusCode: 500, StatusText: "Internal error"},
			fmt.Errorf("zmqffi: ZAP handler: status code %d: RFC 27 has 200, 300, 400 and 500: %w", r.StatusCode, syscall.EINVAL)
	}
	if r.StatusCode != 200 {
		r.UserID, r.Metadata = "", nil
	}
	for k := range r.Metadata {
		if len(k) == 0 || len(k) > 255 {
			return ZAPReply{StatusCode: 500, StatusText: "Internal error"},
				fmt.Errorf("zmqffi: ZAP handler: metadata name %q: 1 to 255 bytes: %w", k, syscall.EINVAL)
		}
	}
	return r, nil
}

// encodeMetadata is ZMTP's property list: a one-byte name length, the name,
// a four-byte big-endian value length, the value; names sorted.
func encodeMetadata(md map[string]string) []byte {
	var b []byte
	for _, k := range slices.Sorted(maps.Keys(md)) {
		v := md[k]
		b = append(b, byte(len(k)))
		b = append(b, k...)
		b = binary.BigEndian.AppendUint32(b, uint32(len(v)))
		b = append(b, v...)
	}
	return b
}
