package zmqffi_test

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/internal/conformance"
	"github.com/zmqffi/zmqffi/internal/testenv"
)

// TestCapabilityProbes checks the probes used for libraries without zmq_has
// (2.x, 3.x, 4.0) against zmq_has on every target that has it (4.1+): the
// system libzmq has OpenPGM, the plain builds do not.
func TestCapabilityProbes(t *testing.T) {
	checked := 0
	for _, tg := range testenv.Targets(t) {
		t.Run(tg.Name, func(t *testing.T) {
			ctx := conformance.NewContext(t, tg)
			v := ctx.Version()
			if v.Less(zmqffi.Version{Major: 4, Minor: 1}) {
				t.Skipf("libzmq %s has no zmq_has to compare with", v)
			}
			checked++
			for _, c := range []string{"ipc", "pgm", "curve"} {
				if c == "ipc" && runtime.GOOS == "windows" {
					// The probe serves libraries before 4.1, which had no
					// ipc on Windows; 4.3 has it where built with AF_UNIX.
					continue
				}
				want, err := ctx.Has(c)
				require.NoError(t, err)
				got, err := zmqffi.ProbeCapability(ctx, c)
				require.NoError(t, err)
				assert.Equal(t, want, got, "%s: the probe disagrees with zmq_has on libzmq %s at %s", c, v, ctx.LibraryPath())
			}
		})
	}
	if checked == 0 {
		t.Skip("no libzmq 4.1+ among the targets")
	}
}
