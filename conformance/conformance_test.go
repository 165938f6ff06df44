package conformance

import "testing"

// TestConformance runs the suite against every target; the backends' own
// tests run it per major version.
func TestConformance(t *testing.T) {
	for _, tg := range Targets(t) {
		t.Run(tg.Name, func(t *testing.T) { Run(t, tg) })
	}
}
