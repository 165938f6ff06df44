package testenv

import (
	"errors"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCommandUnderExecEnv(t *testing.T) {
	t.Setenv(ExecEnv, "")
	require.Equal(t, []string{"prog", "a"}, Command("prog", "a").Args)

	t.Setenv(ExecEnv, " qemu-aarch64  -L /sysroot ")
	cmd := Command("prog", "a", "b")
	require.Equal(t, "qemu-aarch64", cmd.Args[0])
	require.Equal(t, []string{"qemu-aarch64", "-L", "/sysroot", "prog", "a", "b"}, cmd.Args)
	require.Equal(t, []string{"qemu-aarch64", "-L", "/sysroot", "other"}, Command("other").Args,
		"a second command shares nothing with the first")
}

func TestGoBuildEnvNamesThisPlatform(t *testing.T) {
	t.Setenv("GOARCH", "some-other-arch")
	env := GoBuildEnv()
	last := func(key string) string { // exec.Cmd uses the last value of a key
		v := ""
		for _, kv := range env {
			if k, val, ok := strings.Cut(kv, "="); ok && k == key {
				v = val
			}
		}
		return v
	}
	require.Equal(t, runtime.GOARCH, last("GOARCH"))
	require.Equal(t, runtime.GOOS, last("GOOS"))
}

func TestGoToolEnvNamesNoPlatform(t *testing.T) {
	t.Setenv("GOARCH", "some-other-arch")
	t.Setenv("GOOS", "some-other-os")
	cmd := exec.Command("go", "env", "GOARCH", "GOOS")
	cmd.Env = GoToolEnv()
	out, err := cmd.Output()
	if errors.Is(err, exec.ErrNotFound) {
		t.Skip("no go command")
	}
	require.NoError(t, err)
	require.NotContains(t, string(out), "some-other", "go env GOARCH GOOS: %s", out)
}
