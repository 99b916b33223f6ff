package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// objectFromYAML is a composed object as a builder returns it.
func objectFromYAML(t *testing.T, y string) map[string]any {
	t.Helper()
	return fromYAML(t, y).AsMap()
}

// compareComposed checks a builder's output, resource name by resource name.
func compareComposed(t *testing.T, reason string, want map[string]string, got []composed) {
	t.Helper()
	gotMap := make(map[string]map[string]any, len(got))
	for _, c := range got {
		gotMap[string(c.name)] = c.object.AsMap()
	}
	wantMap := make(map[string]map[string]any, len(want))
	for name, y := range want {
		wantMap[name] = objectFromYAML(t, y)
	}
	if diff := cmp.Diff(wantMap, gotMap); diff != "" {
		t.Errorf("%s\n-want, +got:\n%s", reason, diff)
	}
}
