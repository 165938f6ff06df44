package testenv

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"strings"
)

// ExecEnv names the environment variable that holds the command, with its
// arguments, under which tests run the programs they build or start again
// (their helper programs, the examples, the test binary itself): for
// instance "qemu-aarch64" when the tests of another architecture run in an
// emulator (go test -exec). Unset, the programs run directly.
const ExecEnv = "ZMQFFI_TEST_EXEC"

// Command is exec.Command for a program built for the platform the test runs
// on, run under the command in ZMQFFI_TEST_EXEC when it is set.
func Command(name string, args ...string) *exec.Cmd {
	return CommandContext(context.Background(), name, args...)
}

// CommandContext is exec.CommandContext for a program built for the platform
// the test runs on, run under the command in ZMQFFI_TEST_EXEC when it is set.
func CommandContext(ctx context.Context, name string, args ...string) *exec.Cmd {
	if prefix := strings.Fields(os.Getenv(ExecEnv)); len(prefix) > 0 {
		args = append(append(prefix[1:len(prefix):len(prefix)], name), args...)
		name = prefix[0]
	}
	return exec.CommandContext(ctx, name, args...)
}

// GoBuildEnv is the environment for a go command that builds programs for a
// test to run: this process's, with GOOS and GOARCH set to the platform the
// test runs on, so that a test run of another architecture builds its
// programs for that architecture too. Entries appended to it override them.
func GoBuildEnv() []string {
	return append(os.Environ(), "GOOS="+runtime.GOOS, "GOARCH="+runtime.GOARCH)
}

// GoToolEnv is the environment for a go command that builds and runs a tool
// (a generator, say) on the machine that runs go: this process's, with GOOS
// and GOARCH emptied, so that a test run of another architecture, which sets
// them for its own programs, does not build the tool for that architecture.
func GoToolEnv() []string {
	return append(os.Environ(), "GOOS=", "GOARCH=")
}
