package aws

import (
	"testing"
	"unicode/utf8"

	"github.com/crossplane-contrib/function-pod-identity/internal/edgestrings"
)

// TestCharacterRulesOnEveryCharacter checks every character rule against its
// regular expression on each character up to U+03FF, a few beyond and every
// byte that is not UTF-8, each alone, between letters and inside a path. The
// random edge strings of TestCharacterRulesMatchTheirSpecification miss
// characters at the very end of a range ('~', 'z', 'ÿ'), where an
// off-by-one in a byte loop hides.
func TestCharacterRulesOnEveryCharacter(t *testing.T) {
	var chars []string
	for r := rune(0); r < 0x400; r++ {
		chars = append(chars, string(r))
	}
	for _, r := range []rune{0x2028, 0x3000, 0xFFFD, utf8.MaxRune} {
		chars = append(chars, string(r))
	}
	for b := 0x80; b <= 0xFF; b++ {
		chars = append(chars, string([]byte{byte(b)}))
	}
	edgestrings.Compare(t, characterRules, edgestrings.Around(chars, [2]string{"a", "a"}, [2]string{"/", "/"}))
}
