package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestOtherSections: rewriting the results file keeps the sections other
// scripts wrote between their markers, and nothing else of the old file.
func TestOtherSections(t *testing.T) {
	p := filepath.Join(t.TempDir(), "results.md")
	require.Empty(t, otherSections(p), "no file yet")
	old := "## an old run\n\n| a |\n\n<!-- begin x -->\nsection x\n<!-- end x -->\nstray text\n<!-- begin y -->\ny\n<!-- end y -->\n"
	require.NoError(t, os.WriteFile(p, []byte(old), 0o644))
	require.Equal(t, "\n<!-- begin x -->\nsection x\n<!-- end x -->\n\n<!-- begin y -->\ny\n<!-- end y -->\n", otherSections(p))
}
