package spec

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Every message the function writes is bounded, whatever the input: a value
// is clipped, a map key or field name that could break a line is quoted, at
// most maxProblems problems are listed, and each at most maxProblemLength
// bytes long. Crossplane reads at most 4 MiB from a function, and a Fatal
// message larger than that reaches the user as ResourceExhausted instead of
// the problems.
const (
	// maxShownValue bounds how much of a value a message repeats.
	maxShownValue = 64
	// maxProblems is how many problems one message lists.
	maxProblems = 20
	// maxProblemLength bounds one problem's text: its path, value and
	// explanation, including the longest explanation the function writes.
	maxProblemLength = 1024
)

// Clip shortens a value for a message, so that a megabyte string does not
// become a megabyte message.
func Clip(s string) string {
	if len(s) <= maxShownValue {
		return s
	}
	// Cut at a rune boundary, so that what is shown is valid UTF-8.
	cut := maxShownValue
	for cut > 0 && !utf8RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// clip is Clip, for the package's own messages.
func clip(s string) string { return Clip(s) }

// plainKey tells whether a map key or field name can be written into a path
// as it is: short, printable, and without the characters that delimit a
// path or a message.
func plainKey(k string) bool {
	if k == "" || len(k) > maxShownValue {
		return false
	}
	for _, r := range k {
		if !unicode.IsPrint(r) || strings.ContainsRune(`[]"\;`, r) {
			return false
		}
	}
	return true
}

// SafeKey is a map key or field name as a path may show it: as it is when
// plain, else clipped and quoted, so that no key forges another line or
// problem into a message.
func SafeKey(k string) string {
	if plainKey(k) {
		return k
	}
	return strconv.Quote(Clip(k))
}

// keyPath is p[k] with a safe key.
func keyPath(p *field.Path, k string) *field.Path {
	return p.Key(SafeKey(k))
}

// childPath is p.k with a safe field name.
func childPath(p *field.Path, k string) *field.Path {
	return p.Child(SafeKey(k))
}

// MaxExplanationLength bounds what Explain and Join return, whatever they
// are given: maxProblems problems of at most maxProblemLength bytes each
// and "...", their separators, and the count of the rest. A Fatal message
// is this and a short prefix, well within what Crossplane reads.
const MaxExplanationLength = maxProblems*(maxProblemLength+len("...")+len("; ")) + len("and 9223372036854775807 more problems")

// Explain joins problems into one bounded message: at most maxProblems of
// them, each at most maxProblemLength bytes, then how many more there are.
func Explain(errs field.ErrorList) string {
	shown := make([]string, 0, min(len(errs), maxProblems))
	for _, e := range errs[:cap(shown)] {
		shown = append(shown, e.Error())
	}
	return join(shown, len(errs))
}

// Join joins problems found after validation, such as the objects an XR
// will not take over, into one message bounded as Explain's.
func Join(problems []string) string {
	return join(problems[:min(len(problems), maxProblems)], len(problems))
}

// join joins the problems shown, each clipped to maxProblemLength bytes,
// and says how many of all of them are not.
func join(shown []string, all int) string {
	msgs := make([]string, 0, len(shown)+1)
	for _, msg := range shown {
		if len(msg) > maxProblemLength {
			cut := maxProblemLength
			for cut > 0 && !utf8RuneStart(msg[cut]) {
				cut--
			}
			msg = msg[:cut] + "..."
		}
		msgs = append(msgs, msg)
	}
	if all > len(shown) {
		msgs = append(msgs, fmt.Sprintf("and %d more problems", all-len(shown)))
	}
	return strings.Join(msgs, "; ")
}
