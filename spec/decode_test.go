package spec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/types/known/structpb"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// decoded is a type with one field of every kind the decoder reads.
type decoded struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	S   string            `json:"s,omitempty"`
	B   bool              `json:"b,omitempty"`
	Num *int64            `json:"num,omitempty"`
	L   []string          `json:"l,omitempty"`
	M   map[string]string `json:"m,omitempty"`
	O   *decodedChild     `json:"o,omitempty"`
	OL  []decodedChild    `json:"ol,omitempty"`
	T   TrustScope        `json:"t,omitempty"`
	Not string            `json:"-"`
	low string
}

type decodedChild struct {
	Z string `json:"z"`
	A string `json:"a"`
}

func TestDecode(t *testing.T) {
	cases := map[string]struct {
		reason string
		in     string
		want   decoded
		errs   []string
	}{
		"EveryKind": {
			reason: "Every kind is read into its typed place; inline fields are flattened and metadata is accepted as it is.",
			in:     `{apiVersion: v, kind: K, metadata: {name: x, whatever: [1]}, s: str, b: true, num: 7, l: [a, b], m: {k: v}, o: {z: "1", a: "2"}, ol: [{z: z}], t: Any}`,
			want: decoded{TypeMeta: metav1.TypeMeta{APIVersion: "v", Kind: "K"}, S: "str", B: true, Num: ptr(int64(7)), L: []string{"a", "b"}, M: map[string]string{"k": "v"},
				O: &decodedChild{Z: "1", A: "2"}, OL: []decodedChild{{Z: "z"}}, T: TrustScopeAny},
		},
		"NullIsAbsent": {reason: "A null is a field left out.", in: `{s: null, l: null, o: null, num: null}`},
		"EmptyListIsNotNil": {
			reason: "A list given empty is not nil, so that a default applies only to a list left out.",
			in:     `{l: [], ol: []}`, want: decoded{L: []string{}, OL: []decodedChild{}},
		},
		"EmptyMapIsNil": {reason: "An empty map holds nothing.", in: `{m: {}}`},
		"BigWholeNumbers": {
			reason: "Whole numbers up to 2^53 are exact in JSON; beyond, they are not whole numbers any more.",
			in:     `{num: 9007199254740992}`, want: decoded{Num: ptr(int64(9007199254740992))},
		},
		"BeyondExact": {
			reason: "A number beyond 2^53 cannot be trusted to be the one written.",
			in:     `{num: 9007199254740994}`,
			errs:   []string{"x.num: Invalid value: 9.007199254740994e+15: must be a whole number"},
		},
		"WrongTypes": {
			reason: "Each wrong type is named by its path, once; a pointer to a bad value stays nil.",
			in:     `{s: 1, b: "true", num: 1.5, l: {a: b}, m: [a], o: x, ol: [1], t: false}`,
			errs: []string{
				"x.s: Invalid value: 1: must be a string",
				`x.b: Invalid value: "true": must be a boolean`,
				"x.num: Invalid value: 1.5: must be a whole number",
				`x.l: Invalid value: "<object>": must be a list`,
				`x.m: Invalid value: "<list>": must be an object`,
				`x.o: Invalid value: "x": must be an object`,
				"x.ol[0]: Invalid value: 1: must be an object",
				"x.t: Invalid value: false: must be a string",
			},
			want: decoded{OL: []decodedChild{{}}},
		},
		"UnknownFields": {
			reason: "Unknown fields are named in sorted order, each with the fields that exist, in declaration order; unexported and - fields do not exist, and a pointer to a bad object stays nil.",
			in:     `{zz: 1, aa: 2, low: x, Not: y, o: {q: 1}}`,
			errs: []string{
				"x.Not: Forbidden: unknown field; supported fields: kind, apiVersion, metadata, s, b, num, l, m, o, ol, t",
				"x.aa: Forbidden: unknown field; supported fields: kind, apiVersion, metadata, s, b, num, l, m, o, ol, t",
				"x.low: Forbidden: unknown field; supported fields: kind, apiVersion, metadata, s, b, num, l, m, o, ol, t",
				"x.zz: Forbidden: unknown field; supported fields: kind, apiVersion, metadata, s, b, num, l, m, o, ol, t",
				"x.o.q: Forbidden: unknown field; supported fields: z, a",
			},
		},
		"LongValuesClipped": {
			reason: "A bad value is repeated only in part, so that a megabyte string does not become a megabyte error.",
			in:     `{b: "0123456789012345678901234567890123456789012345678901234567890123456789"}`,
			errs:   []string{`x.b: Invalid value: "0123456789012345678901234567890123456789012345678901234567890123...": must be a boolean`},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got := decoded{low: "untouched"}
			errs := decode(structpb.NewStructValue(fromYAML(t, tc.in)), &got, field.NewPath("x"))
			want := tc.want
			want.low = "untouched"
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(decoded{})); diff != "" {
				t.Errorf("%s\ndecoded: -want, +got:\n%s", tc.reason, diff)
			}
			if diff := cmp.Diff(tc.errs, messages(errs)); diff != "" {
				t.Errorf("%s\nerrors: -want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

func TestDecodeFieldsAllowsUnknown(t *testing.T) {
	var got decodedChild
	errs := decodeFields(fromYAML(t, `{z: a, crossplane: {compositionRef: {name: c}}}`).GetFields(), &got, field.NewPath("spec"))
	if len(errs) > 0 || got.Z != "a" {
		t.Errorf("the top of spec is shared with Crossplane and other steps: got %+v, %v", got, errs)
	}
}
