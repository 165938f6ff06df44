package zmqffi

import (
	"bufio"
	"bytes"
	"crypto/ecdh"
	"crypto/rand"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

// Certificate is a CURVE key pair, or a public key alone, with metadata: the
// certificate that czmq's zcert, pyzmq's zmq.auth and the zeromq tools keep
// in text files. Keys are 40-character Z85 strings.
//
// # File format
//
// A certificate file is ZeroMQ Property Language (ZPL, ZeroMQ RFC 4) text:
// '#' comment lines, then a "metadata" section of "name = value" lines
// (optional) and a "curve" section with public-key and, in a secret
// certificate, secret-key, values quoted or not, nested by four spaces:
//
//	metadata
//	    name = "server"
//	curve
//	    public-key = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"
//	    secret-key = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6"
//
// czmq saves a certificate as a public file and a secret one named like it
// plus "_secret"; pyzmq's create_certificates names them name.key and
// name.key_secret. Save and CreateCertificates write both forms' way.
//
// http://czmq.zeromq.org/czmq4-1:zcert
type Certificate struct {
	PublicKey string
	SecretKey string // "" in a public certificate
	Metadata  map[string]string
}

// NewCertificate makes a certificate with a new key pair, in Go (X25519, the
// curve of CURVE, from crypto/rand), without a library.
func NewCertificate() (*Certificate, error) {
	k, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("zmqffi: NewCertificate: %w", err)
	}
	pub, _ := Z85Encode(k.PublicKey().Bytes())
	sec, _ := Z85Encode(k.Bytes())
	return &Certificate{PublicKey: pub, SecretKey: sec, Metadata: map[string]string{}}, nil
}

// LoadCertificate reads a certificate file, public or secret. The public key
// must be there; when the secret key is, it must match the public one.
func LoadCertificate(path string) (*Certificate, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("zmqffi: LoadCertificate: %w", err)
	}
	c, err := parseCertificate(b)
	if err != nil {
		return nil, fmt.Errorf("zmqffi: certificate %s: %w", path, err)
	}
	return c, nil
}

// parseCertificate reads the ZPL text of a certificate.
func parseCertificate(text []byte) (*Certificate, error) {
	c := &Certificate{Metadata: map[string]string{}}
	var path []string // the sections that enclose the current line
	sc := bufio.NewScanner(bytes.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), " \t\r")
		body := strings.TrimLeft(line, " \t")
		if body == "" || body[0] == '#' {
			continue
		}
		indent := strings.Count(line[:len(line)-len(body)], " ") + 4*strings.Count(line[:len(line)-len(body)], "\t")
		level := indent / 4
		if indent%4 != 0 || level > len(path) {
			return nil, fmt.Errorf("line %d: indented by %d spaces under %d sections (ZPL nests by 4): %w", n, indent, len(path), syscall.EINVAL)
		}
		path = path[:level]
		name, value, isValue := strings.Cut(body, "=")
		name = strings.TrimSpace(name)
		if name == "" {
			return nil, fmt.Errorf("line %d: no name: %w", n, syscall.EINVAL)
		}
		if !isValue {
			path = append(path, name)
			continue
		}
		v, err := zplValue(strings.TrimSpace(value))
		if err != nil {
			return nil, fmt.Errorf("line %d: %v: %w", n, err, syscall.EINVAL)
		}
		switch strings.Join(path, "/") {
		case "curve":
			switch name {
			case "public-key":
				c.PublicKey = v
			case "secret-key":
				c.SecretKey = v
			}
		case "metadata":
			c.Metadata[name] = v
		}
		path = append(path, name) // a value may have children, as in ZPL
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if c.PublicKey == "" {
		return nil, fmt.Errorf("no curve/public-key: %w", syscall.EINVAL)
	}
	if _, err := curveKeyZ85(c.PublicKey); err != nil {
		return nil, fmt.Errorf("public-key: %w", err)
	}
	if c.SecretKey != "" {
		if _, err := curveKeyZ85(c.SecretKey); err != nil {
			return nil, fmt.Errorf("secret-key: %w", err)
		}
		if pub, err := CurvePublic(c.SecretKey); err != nil || pub != c.PublicKey {
			return nil, fmt.Errorf("the secret key is not the public key's: %w", syscall.EINVAL)
		}
	}
	return c, nil
}

// zplValue unquotes a ZPL value: "..." or '...' whole, or unquoted up to a
// comment.
func zplValue(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	if q := v[0]; q == '"' || q == '\'' {
		end := strings.IndexByte(v[1:], q)
		if end < 0 {
			return "", fmt.Errorf("unterminated %c quote", q)
		}
		rest := strings.TrimSpace(v[end+2:])
		if rest != "" && rest[0] != '#' {
			return "", fmt.Errorf("text after the quoted value: %q", rest)
		}
		return v[1 : end+1], nil
	}
	if i := strings.Index(v, "#"); i >= 0 {
		v = strings.TrimSpace(v[:i])
	}
	return v, nil
}

// curveKeyZ85 checks a Z85 CURVE key as certificates hold it.
func curveKeyZ85(k string) ([]byte, error) {
	if len(k) != z85KeyLen {
		return nil, fmt.Errorf("a CURVE key in a certificate is %d Z85 characters, got %d: %w", z85KeyLen, len(k), syscall.EINVAL)
	}
	return Z85Decode(k)
}

// certBanner heads the files Save writes, as czmq's and pyzmq's do.
const (
	publicBanner = "#   ****  Generated on %s by zmqffi  ****\n" +
		"#   ZeroMQ CURVE Public Certificate\n" +
		"#   Exchange securely, or use a secure mechanism to verify the contents\n" +
		"#   of this file after exchange. Store public certificates in your home\n" +
		"#   directory, in the .curve subdirectory.\n\n"
	secretBanner = "#   ****  Generated on %s by zmqffi  ****\n" +
		"#   ZeroMQ CURVE **Secret** Certificate\n" +
		"#   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.\n\n"
)

// format returns the certificate's file text, with the secret key or not.
func (c *Certificate) format(secret bool) ([]byte, error) {
	var b bytes.Buffer
	banner := publicBanner
	if secret {
		banner = secretBanner
	}
	fmt.Fprintf(&b, banner, time.Now().Format("2006-01-02 15:04:05"))
	b.WriteString("metadata\n")
	for _, k := range slices.Sorted(maps.Keys(c.Metadata)) {
		v := c.Metadata[k]
		if k == "" || strings.ContainsAny(k, "= \t\r\n#\"'") {
			return nil, fmt.Errorf("zmqffi: certificate metadata name %q: not a ZPL name: %w", k, syscall.EINVAL)
		}
		q := `"`
		if strings.Contains(v, `"`) {
			q = "'"
		}
		if strings.Contains(v, q) || strings.ContainsAny(v, "\r\n") {
			return nil, fmt.Errorf("zmqffi: certificate metadata %s: the value %q cannot be written in ZPL: %w", k, v, syscall.EINVAL)
		}
		fmt.Fprintf(&b, "    %s = %s%s%s\n", k, q, v, q)
	}
	b.WriteString("curve\n")
	fmt.Fprintf(&b, "    public-key = \"%s\"\n", c.PublicKey)
	if secret {
		fmt.Fprintf(&b, "    secret-key = \"%s\"\n", c.SecretKey)
	}
	return b.Bytes(), nil
}

// Save writes the public certificate to path (mode 0644) and, when the
// certificate has a secret key, the secret certificate to path + "_secret"
// (mode 0600, readable by its owner alone), as czmq's zcert_save does. Each
// file is written whole to a temporary file and renamed into place.
//
// http://czmq.zeromq.org/czmq4-1:zcert
func (c *Certificate) Save(path string) error {
	if _, err := curveKeyZ85(c.PublicKey); err != nil {
		return fmt.Errorf("zmqffi: Certificate.Save: public key: %w", err)
	}
	if c.SecretKey != "" {
		if pub, err := CurvePublic(c.SecretKey); err != nil || pub != c.PublicKey {
			return fmt.Errorf("zmqffi: Certificate.Save: the secret key is not the public key's: %w", syscall.EINVAL)
		}
	}
	pub, err := c.format(false)
	if err != nil {
		return err
	}
	if c.SecretKey != "" {
		sec, err := c.format(true)
		if err != nil {
			return err
		}
		if err := writeFileAtomic(path+"_secret", sec, 0o600); err != nil {
			return err
		}
	}
	return writeFileAtomic(path, pub, 0o644)
}

// CreateCertificates makes a new key pair and saves it in dir as name.key
// (public) and name.key_secret (secret, mode 0600), the names pyzmq's
// zmq.auth.create_certificates uses, with metadata in both. It returns the
// two paths.
func CreateCertificates(dir, name string, metadata map[string]string) (publicFile, secretFile string, err error) {
	c, err := NewCertificate()
	if err != nil {
		return "", "", err
	}
	for k, v := range metadata {
		c.Metadata[k] = v
	}
	publicFile = filepath.Join(dir, name+".key")
	if err := c.Save(publicFile); err != nil {
		return "", "", err
	}
	return publicFile, publicFile + "_secret", nil
}

// writeFileAtomic writes data to a new file in path's directory with mode
// perm, then renames it to path.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("zmqffi: saving certificate: %w", err)
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if err := f.Chmod(perm); err != nil {
		return fmt.Errorf("zmqffi: saving certificate %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("zmqffi: saving certificate %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("zmqffi: saving certificate %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("zmqffi: saving certificate %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("zmqffi: saving certificate %s: %w", path, err)
	}
	ok = true
	return nil
}

// LoadCertificates reads the public certificates of a directory: every
// regular file whose name does not end in "_secret" (the secret halves) and
// does not start with "." — czmq's zcertstore reads a directory so, and
// pyzmq's name.key files are among them. Every such file must be a
// certificate: the error names the first that is not. The keys are those of
// the files, the secret keys left out.
func LoadCertificates(dir string) ([]*Certificate, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("zmqffi: LoadCertificates: %w", err)
	}
	var out []*Certificate
	for _, e := range entries {
		name := e.Name()
		if strings.HasSuffix(name, "_secret") || strings.HasPrefix(name, ".") {
			continue
		}
		if !e.Type().IsRegular() {
			if e.Type()&os.ModeSymlink == 0 {
				continue
			}
			if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || !fi.Mode().IsRegular() {
				continue
			}
		}
		c, err := LoadCertificate(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		c.SecretKey = ""
		out = append(out, c)
	}
	return out, nil
}
