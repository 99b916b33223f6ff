package spec

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

func TestClip(t *testing.T) {
	a := func(n int) string { return strings.Repeat("a", n) }
	cases := map[string]struct {
		reason string
		s      string
		want   string
	}{
		"AtTheLimit":   {reason: "A value of exactly maxShownValue bytes is shown whole.", s: a(maxShownValue), want: a(maxShownValue)},
		"OnePast":      {reason: "One byte more and it is cut to maxShownValue bytes.", s: a(maxShownValue + 1), want: a(maxShownValue) + "..."},
		"RuneBoundary": {reason: "A cut inside a character moves back to its start, so that what is shown is UTF-8.", s: a(maxShownValue-1) + "é", want: a(maxShownValue-1) + "..."},
		"NoRuneStart": {
			reason: "Bytes that are all inside characters leave nothing to show, and nothing is read before the string.",
			s:      strings.Repeat("\x80", maxShownValue+1), want: "...",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := Clip(tc.s); got != tc.want {
				t.Errorf("%s\nClip(%q) = %q, want %q", tc.reason, tc.s, got, tc.want)
			}
		})
	}
}

func TestSafeKey(t *testing.T) {
	a := func(n int) string { return strings.Repeat("a", n) }
	cases := map[string]struct {
		reason string
		key    string
		want   string
	}{
		"Plain":      {reason: "A short printable key is shown as it is.", key: "team", want: "team"},
		"AtTheLimit": {reason: "A key of exactly maxShownValue bytes is still plain.", key: a(maxShownValue), want: a(maxShownValue)},
		"OnePast":    {reason: "One byte more and it is clipped and quoted.", key: a(maxShownValue + 1), want: `"` + a(maxShownValue) + `..."`},
		"Empty":      {reason: "An empty key would vanish from the path: quoted.", key: "", want: `""`},
		"Delimiter":  {reason: "A key that could close the path's brackets is quoted.", key: "a]b", want: `"a]b"`},
		"Newline":    {reason: "A key that could start a line of its own is quoted.", key: "a\nb", want: `"a\nb"`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := SafeKey(tc.key); got != tc.want {
				t.Errorf("%s\nSafeKey(%q) = %q, want %q", tc.reason, tc.key, got, tc.want)
			}
		})
	}
}

func TestExplain(t *testing.T) {
	p := field.NewPath("x")
	// forbidden is a problem whose message is exactly n bytes long: its
	// detail is lead and then as many fill as fit, padded with 'b'.
	forbidden := func(n int, lead, fill string) *field.Error {
		e := field.Forbidden(p, "d")
		rest := n - (len(e.Error()) - len(e.Detail)) - len(lead)
		e.Detail = lead + strings.Repeat(fill, rest/len(fill)) + strings.Repeat("b", rest%len(fill))
		if len(e.Error()) != n {
			t.Fatalf("forbidden(%d): %d bytes", n, len(e.Error()))
		}
		return e
	}
	problems := func(n int) field.ErrorList {
		out := make(field.ErrorList, n)
		for i := range out {
			out[i] = field.Required(p.Index(i), "")
		}
		return out
	}
	listed := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("x[%d]: Required value", i)
		}
		return out
	}
	cases := map[string]struct {
		reason string
		errs   field.ErrorList
		want   string
	}{
		"NoProblems": {reason: "No problem, no message.", errs: nil, want: ""},
		"NoRuneStart": {
			reason: "A message that is all bytes inside characters leaves nothing to show, and nothing is read before it.",
			errs:   field.ErrorList{{Type: field.ErrorTypeForbidden, Field: strings.Repeat("\x80", maxProblemLength+1)}}, want: "...",
		},
		"AllProblems": {reason: "maxProblems problems are all listed.", errs: problems(maxProblems), want: strings.Join(listed(maxProblems), "; ")},
		"MoreProblems": {
			reason: "Past maxProblems the rest are counted.", errs: problems(maxProblems + 2),
			want: strings.Join(listed(maxProblems), "; ") + "; and 2 more problems",
		},
		"LongestProblem": {
			reason: "A problem of exactly maxProblemLength bytes is shown whole.", errs: field.ErrorList{forbidden(maxProblemLength, "", "a")},
			want: forbidden(maxProblemLength, "", "a").Error(),
		},
		"LongerProblem": {
			reason: "One byte more and it is cut to maxProblemLength bytes.", errs: field.ErrorList{forbidden(maxProblemLength+1, "", "a")},
			want: forbidden(maxProblemLength+1, "", "a").Error()[:maxProblemLength] + "...",
		},
		"CutAtRuneStart": {
			reason: "A cut inside a character moves back to its start.", errs: field.ErrorList{forbidden(maxProblemLength+3, "b", "é")},
			want: forbidden(maxProblemLength+3, "b", "é").Error()[:maxProblemLength-1] + "...",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, Explain(tc.errs)); diff != "" {
				t.Errorf("%s\n-want, +got:\n%s", tc.reason, diff)
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
