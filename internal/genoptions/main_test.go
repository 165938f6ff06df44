package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi/constants"
)

// TestGeneratedFileUpToDate regenerates options_gen.go into a temporary
// folder and requires it to equal the committed one: run `go generate` in the
// module root after changing options.txt or the constants tables.
func TestGeneratedFileUpToDate(t *testing.T) {
	src, err := generateFile("options.txt")
	require.NoError(t, err)
	tmp := filepath.Join(t.TempDir(), "options_gen.go")
	require.NoError(t, os.WriteFile(tmp, src, 0o644))
	regenerated, err := os.ReadFile(tmp)
	require.NoError(t, err)
	committed, err := os.ReadFile(filepath.Join("..", "..", "options_gen.go"))
	require.NoError(t, err)
	require.True(t, string(committed) == string(regenerated),
		"options_gen.go is stale: run go generate in the module root")
}

func readSpec(t *testing.T) string {
	b, err := os.ReadFile("options.txt")
	require.NoError(t, err)
	return string(b)
}

func TestSpecRefusesAMissingOption(t *testing.T) {
	text := readSpec(t)
	var kept []string
	for _, l := range strings.Split(text, "\n") {
		if !strings.HasPrefix(l, "ROUTER_HANDOVER ") {
			kept = append(kept, l)
		}
	}
	sp, err := parseSpec(strings.NewReader(strings.Join(kept, "\n")))
	require.NoError(t, err)
	_, err = generate(sp, constants.Tables())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ZMQ_ROUTER_HANDOVER (libzmq 4.1.8) is not in the specification")
}

func TestSpecRefusesAnUnknownOptionAndAWrongKind(t *testing.T) {
	text := readSpec(t) + "\n[socket]\nNO_SUCH_THING NoSuchThing int | nothing\n"
	text = strings.Replace(text, "AFFINITY                    Affinity                  uint64", "AFFINITY                    Affinity                  string", 1)
	sp, err := parseSpec(strings.NewReader(text))
	require.NoError(t, err)
	_, err = generate(sp, constants.Tables())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "NO_SUCH_THING is in no table")
	assert.Contains(t, err.Error(), "AFFINITY is uint64 in 2.2.0, which kind string cannot carry")
}

func TestSpecSyntaxErrors(t *testing.T) {
	for text, want := range map[string]string{
		"[socket]\nLINGER Linger dur\n":                "no documentation",
		"[socket]\nLINGER Linger float | x\n":          "unknown kind",
		"[socket]\nLINGER Linger dur bogus=1 | x\n":    "unknown flag",
		"[socket]\nFD FD fd | x\n":                     "needs hand-written methods",
		"LINGER Linger dur | x\n":                      "before [socket]",
		"[context]\nIO_THREADS IOThreads int xx | x\n": "not rw, ro or wo",
	} {
		_, err := parseSpec(strings.NewReader(text))
		require.Error(t, err, text)
		assert.Contains(t, err.Error(), want, text)
	}
}

func TestSince(t *testing.T) {
	newest := constants.Tables()[len(constants.Tables())-1].Version
	assert.Equal(t, "libzmq 2.2+", socketPresence(constants.Tables(), "HWM", []string{"SNDHWM+RCVHWM"}).since(newest))
	assert.Equal(t, "libzmq 2.2+", socketPresence(constants.Tables(), "ROUTING_ID", []string{"IDENTITY"}).since(newest))
	for name, want := range map[string]string{
		"HWM":              "libzmq 2.2 only",
		"ROUTER_MANDATORY": "libzmq 3.2+",
		"BINDTODEVICE":     "libzmq 4.2+; draft API before 4.3.0",
		"ROUTER_NOTIFY":    "libzmq 4.3+, draft API",
	} {
		assert.Equal(t, want, socketPresence(constants.Tables(), name, nil).since(newest), name)
	}
}
