package zmqffi_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
)

func TestCertificateSaveLoad(t *testing.T) {
	c, err := zmqffi.NewCertificate()
	require.NoError(t, err)
	pub, err := zmqffi.CurvePublic(c.SecretKey)
	require.NoError(t, err)
	require.Equal(t, c.PublicKey, pub, "the key pair does not match")
	c.Metadata["name"] = "it's"
	c.Metadata["quote"] = `say "hi"`
	dir := t.TempDir()
	path := filepath.Join(dir, "me.key")
	require.NoError(t, c.Save(path))

	if runtime.GOOS != "windows" {
		fi, err := os.Stat(path + "_secret")
		require.NoError(t, err)
		require.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "secret certificate mode")
		fi, err = os.Stat(path)
		require.NoError(t, err)
		require.Equal(t, os.FileMode(0o644), fi.Mode().Perm(), "public certificate mode")
	}
	text, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NotContains(t, string(text), "secret-key", "the public file holds the secret key")
	require.NotContains(t, string(text), c.SecretKey)

	got, err := zmqffi.LoadCertificate(path)
	require.NoError(t, err)
	require.Equal(t, c.PublicKey, got.PublicKey)
	require.Empty(t, got.SecretKey)
	require.Equal(t, c.Metadata, got.Metadata)
	got, err = zmqffi.LoadCertificate(path + "_secret")
	require.NoError(t, err)
	require.Equal(t, c, got)

	// Saving again replaces both, a secret file with wider mode included.
	if runtime.GOOS != "windows" {
		require.NoError(t, os.Chmod(path+"_secret", 0o666))
	}
	c2, err := zmqffi.NewCertificate()
	require.NoError(t, err)
	require.NoError(t, c2.Save(path))
	got, err = zmqffi.LoadCertificate(path + "_secret")
	require.NoError(t, err)
	require.Equal(t, c2.SecretKey, got.SecretKey)
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(path + "_secret")
		require.NoError(t, err)
		require.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 2, "temporary files left behind")

	pubFile, secFile, err := zmqffi.CreateCertificates(dir, "other", map[string]string{"role": "x"})
	require.NoError(t, err)
	require.Equal(t, filepath.Join(dir, "other.key"), pubFile)
	require.Equal(t, filepath.Join(dir, "other.key_secret"), secFile)
	certs, err := zmqffi.LoadCertificates(dir)
	require.NoError(t, err)
	require.Len(t, certs, 2)
	for _, c := range certs {
		require.Empty(t, c.SecretKey, "LoadCertificates returns public keys only")
	}
}

// TestCertificateFixtures reads the committed files of pyzmq and of czmq's
// format (testdata/certs/README.md).
func TestCertificateFixtures(t *testing.T) {
	for _, tc := range []struct {
		dir, name, ext string
		md             map[string]string // of the secret file
		pubMD          map[string]string
	}{
		{"pyzmq", "client", ".key", map[string]string{"name": "client", "role": "tester"}, map[string]string{}},
		{"pyzmq", "server", ".key", map[string]string{"name": "server"}, map[string]string{}},
		{"czmq", "client", ".cert", map[string]string{"name": "czmq client", "email": "client@example.org"},
			map[string]string{"name": "czmq client", "email": "client@example.org"}},
	} {
		t.Run(tc.dir+"/"+tc.name, func(t *testing.T) {
			base := filepath.Join("testdata", "certs", tc.dir, tc.name+tc.ext)
			pub, err := zmqffi.LoadCertificate(base)
			require.NoError(t, err)
			sec, err := zmqffi.LoadCertificate(base + "_secret")
			require.NoError(t, err)
			require.Equal(t, pub.PublicKey, sec.PublicKey)
			require.Empty(t, pub.SecretKey)
			require.Len(t, sec.SecretKey, 40)
			require.Equal(t, tc.md, sec.Metadata)
			require.Equal(t, tc.pubMD, pub.Metadata)
		})
	}
	certs, err := zmqffi.LoadCertificates(filepath.Join("testdata", "certs", "pyzmq"))
	require.NoError(t, err)
	require.Len(t, certs, 2, "the two .key files, not the secret ones")
}

// pythonZMQ returns a python3 that can import zmq.auth, or skips.
func pythonZMQ(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		path, err := exec.LookPath(py)
		if err != nil {
			continue
		}
		if exec.Command(path, "-c", "import zmq.auth").Run() == nil {
			return path
		}
	}
	t.Skip("no python3 with pyzmq (Debian: apt-get install python3-zmq)")
	return ""
}

// TestCertificatePyzmq: files pyzmq writes now load here, and files Save
// writes load in pyzmq, with the same keys.
func TestCertificatePyzmq(t *testing.T) {
	py := pythonZMQ(t)
	dir := t.TempDir()
	out, err := exec.Command(py, "-c", `
import sys, zmq.auth
pub, sec = zmq.auth.create_certificates(sys.argv[1], "fresh", metadata={"name": "fresh"})
p, s = zmq.auth.load_certificate(sec)
print(p.decode(), s.decode())
`, dir).CombinedOutput()
	require.NoError(t, err, "%s", out)
	keys := strings.Fields(string(out))
	require.Len(t, keys, 2, "%s", out)
	c, err := zmqffi.LoadCertificate(filepath.Join(dir, "fresh.key_secret"))
	require.NoError(t, err)
	require.Equal(t, keys, []string{c.PublicKey, c.SecretKey})
	require.Equal(t, "fresh", c.Metadata["name"])

	mine, err := zmqffi.NewCertificate()
	require.NoError(t, err)
	mine.Metadata["name"] = "mine"
	require.NoError(t, mine.Save(filepath.Join(dir, "mine.key")))
	out, err = exec.Command(py, "-c", `
import sys, zmq.auth
p, s = zmq.auth.load_certificate(sys.argv[1] + "/mine.key_secret")
print(p.decode(), s.decode())
print(" ".join(sorted(k.decode() for k in zmq.auth.load_certificates(sys.argv[1]))))
`, dir).CombinedOutput()
	require.NoError(t, err, "%s", out)
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	require.Len(t, lines, 2, "%s", out)
	require.Equal(t, mine.PublicKey+" "+mine.SecretKey, lines[0])
	want := []string{c.PublicKey, mine.PublicKey}
	if want[1] < want[0] {
		want[0], want[1] = want[1], want[0]
	}
	require.Equal(t, strings.Join(want, " "), lines[1], "pyzmq's load_certificates of our directory")
}

func TestCertificateBadFiles(t *testing.T) {
	good, err := zmqffi.NewCertificate()
	require.NoError(t, err)
	other, err := zmqffi.NewCertificate()
	require.NoError(t, err)
	for name, text := range map[string]string{
		"empty":           "",
		"no key":          "metadata\ncurve\n",
		"short key":       "curve\n    public-key = \"abc\"\n",
		"not Z85":         "curve\n    public-key = \"" + strings.Repeat("~", 40) + "\"\n",
		"unterminated":    "curve\n    public-key = \"" + good.PublicKey + "\n",
		"bad indent":      "curve\n  public-key = \"" + good.PublicKey + "\"\n",
		"too deep":        "curve\n        public-key = \"" + good.PublicKey + "\"\n",
		"secret mismatch": "curve\n    public-key = \"" + good.PublicKey + "\"\n    secret-key = \"" + other.SecretKey + "\"\n",
		"binary":          "\x00\xff\xfe",
		"key outside":     "public-key = \"" + good.PublicKey + "\"\n",
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "bad.key")
			require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
			_, err := zmqffi.LoadCertificate(path)
			require.Error(t, err)
			require.Contains(t, err.Error(), path, "the error names the file")
			_, err = zmqffi.LoadCertificates(dir)
			require.ErrorIs(t, err, syscall.EINVAL)
		})
	}
	// A value with both quotes, or a newline, cannot be written.
	bad := &zmqffi.Certificate{PublicKey: good.PublicKey, Metadata: map[string]string{"x": `a"b'c`}}
	require.ErrorIs(t, bad.Save(filepath.Join(t.TempDir(), "x.key")), syscall.EINVAL)
	bad.Metadata = map[string]string{"x": "a\nb"}
	require.ErrorIs(t, bad.Save(filepath.Join(t.TempDir(), "x.key")), syscall.EINVAL)
	mismatch := &zmqffi.Certificate{PublicKey: good.PublicKey, SecretKey: other.SecretKey}
	require.ErrorIs(t, mismatch.Save(filepath.Join(t.TempDir(), "x.key")), syscall.EINVAL)
	_, err = zmqffi.LoadCertificates(filepath.Join(t.TempDir(), "missing"))
	require.Error(t, err)
	// Comments and unquoted values with trailing comments are ZPL.
	ok := "# c\n\nmetadata\n    name = plain # note\ncurve\n    public-key = '" + good.PublicKey + "' # key\n"
	path := filepath.Join(t.TempDir(), "ok.key")
	require.NoError(t, os.WriteFile(path, []byte(ok), 0o644))
	c, err := zmqffi.LoadCertificate(path)
	require.NoError(t, err)
	require.Equal(t, good.PublicKey, c.PublicKey)
	require.Equal(t, "plain", c.Metadata["name"])
}
