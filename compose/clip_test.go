package compose

import (
	"strings"
	"testing"
)

func TestClipMessage(t *testing.T) {
	x := func(n int) string { return strings.Repeat("x", n) }
	cases := map[string]struct {
		reason string
		msg    string
		want   string
	}{
		"AtTheLimit": {reason: "A provider's message of exactly maxProviderMessage bytes reaches the XR whole.", msg: x(maxProviderMessage), want: x(maxProviderMessage)},
		"OnePast":    {reason: "One byte more and it is cut to maxProviderMessage bytes.", msg: x(maxProviderMessage + 1), want: x(maxProviderMessage) + "..."},
		"RuneBoundary": {
			reason: "A cut inside a character moves back to its start, so that the condition's message is UTF-8.",
			msg:    x(maxProviderMessage-1) + "é", want: x(maxProviderMessage-1) + "...",
		},
		"NoRuneStart": {
			reason: "Bytes that are all inside characters leave nothing to show, and nothing is read before the message.",
			msg:    strings.Repeat("\x80", maxProviderMessage+1), want: "...",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := clipMessage(tc.msg); got != tc.want {
				t.Errorf("%s\nclipMessage(%d bytes) = %q (%d bytes), want %d bytes", tc.reason, len(tc.msg), got, len(got), len(tc.want))
			}
		})
	}
}
