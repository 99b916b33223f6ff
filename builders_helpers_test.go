package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"sigs.k8s.io/yaml"
)

// objectFromYAML is a composed object as a builder returns it.
func objectFromYAML(t *testing.T, y string) map[string]any {
	t.Helper()
	return fromYAML(t, y).AsMap()
}

// asJSONMap normalises a builder's object (int64s, []string) the way it will
// be encoded, so that it compares with objectFromYAML.
func asJSONMap(t *testing.T, o map[string]any) map[string]any {
	t.Helper()
	b, err := yaml.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	return objectFromYAML(t, string(b))
}

// compareComposed checks a builder's output, resource name by resource name.
func compareComposed(t *testing.T, reason string, want map[string]string, got []composed) {
	t.Helper()
	gotMap := make(map[string]map[string]any, len(got))
	for _, c := range got {
		gotMap[string(c.name)] = asJSONMap(t, c.object)
	}
	wantMap := make(map[string]map[string]any, len(want))
	for name, y := range want {
		wantMap[name] = objectFromYAML(t, y)
	}
	if diff := cmp.Diff(wantMap, gotMap); diff != "" {
		t.Errorf("%s\n-want, +got:\n%s", reason, diff)
	}
}
