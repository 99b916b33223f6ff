package aws

import (
	"testing"
	"unicode/utf8"
)

// TestCharacterRulesOnEveryCharacter checks every character rule against its
// regular expression on each character up to U+03FF, a few beyond and every
// byte that is not UTF-8, each alone, between letters and inside a path. The
// random edge strings of TestCharacterRulesMatchTheirSpecification miss
// characters at the very end of a range ('~', 'z', 'ÿ'), where an
// off-by-one in a byte loop hides.
func TestCharacterRulesOnEveryCharacter(t *testing.T) {
	rules := map[string]struct {
		fast func(string) bool
		spec func(string) bool
	}{
		"IsClusterName": {IsClusterName, clusterNameRE.MatchString},
		"IsIAMName":     {IsIAMName, iamNameRE.MatchString},
		"IsPath":        {IsPath, pathRE.MatchString},
		"IsDescription": {IsDescription, descriptionRE.MatchString},
		"IsTagText":     {IsTagText, tagRE.MatchString},
		"IsExternalID":  {IsExternalID, externalIDRE.MatchString},
	}
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
	for name, rule := range rules {
		valid := 0
		for _, c := range chars {
			for _, s := range []string{c, "a" + c + "a", "/" + c + "/"} {
				fast, spec := rule.fast(s), rule.spec(s)
				if fast != spec {
					t.Errorf("%s(%q) = %v, its specification says %v", name, s, fast, spec)
				}
				if spec {
					valid++
				}
			}
		}
		if valid == 0 {
			t.Errorf("%s: no character is valid, so the comparison proves little", name)
		}
	}
}
