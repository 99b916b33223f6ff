package spec

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

func TestExplain(t *testing.T) {
	p := field.NewPath("spec", "providers")
	problems := func(n int) field.ErrorList {
		errs := make(field.ErrorList, 0, n)
		for i := range n {
			errs = append(errs, field.Required(p.Index(i).Child("package"), "the provider's package"))
		}
		return errs
	}
	// listed is how the first n of them read, joined.
	listed := func(n int) string {
		msgs := make([]string, 0, n)
		for i := range n {
			msgs = append(msgs, fmt.Sprintf("spec.providers[%d].package: Required value: the provider's package", i))
		}
		return strings.Join(msgs, "; ")
	}
	cases := map[string]struct {
		reason string
		errs   field.ErrorList
		want   string
	}{
		"One": {
			reason: "One problem is its own message.",
			errs:   problems(1),
			want:   listed(1),
		},
		"AllShown": {
			reason: "Twenty problems are all listed.",
			errs:   problems(20),
			want:   listed(20),
		},
		"RestCounted": {
			reason: "Past twenty, the rest are counted, not listed.",
			errs:   problems(25),
			want:   listed(20) + "; and 5 more problems",
		},
		"LongProblemClipped": {
			reason: "One problem is at most 1 KiB, cut at a rune boundary: a long explanation cannot make a megabyte message.",
			errs:   field.ErrorList{field.Invalid(p, "vv", strings.Repeat("é", 1000))},
			want:   `spec.providers: Invalid value: "vv": ` + strings.Repeat("é", (maxProblemLength-len(`spec.providers: Invalid value: "vv": `))/2) + "...",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, Explain(tc.errs)); diff != "" {
				t.Errorf("%s\nExplain: -want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

// TestExplanationsAreBounded gives Explain and Join the most and the
// longest problems there can be: what they return stays within
// MaxExplanationLength, the bound the fuzz target checks every Fatal
// against.
func TestExplanationsAreBounded(t *testing.T) {
	long := strings.Repeat("x", 64<<10)
	errs := make(field.ErrorList, 0, 1000)
	problems := make([]string, 0, 1000)
	for range 1000 {
		errs = append(errs, field.Invalid(field.NewPath("spec").Key(long), long, long))
		problems = append(problems, long)
	}
	for name, got := range map[string]string{"Explain": Explain(errs), "Join": Join(problems)} {
		if len(got) > MaxExplanationLength {
			t.Errorf("%s gave %d bytes, more than MaxExplanationLength (%d)", name, len(got), MaxExplanationLength)
		}
		if !strings.HasSuffix(got, "; and 980 more problems") {
			t.Errorf("%s does not count the problems it leaves out: ...%s", name, got[len(got)-40:])
		}
	}
	if MaxExplanationLength > 64<<10 {
		t.Errorf("MaxExplanationLength is %d bytes, more than the 64 KiB a Fatal message may have", MaxExplanationLength)
	}
}
