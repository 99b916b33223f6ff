package main

import (
	"maps"
	"math"
	"slices"
	"strings"

	"google.golang.org/protobuf/types/known/structpb"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// A decoder reads typed values out of the XR's structpb fields. It never
// stops at the first problem: every wrong type and every unknown field is
// recorded with its path, so that one Fatal result can name them all.
//
// Reading structpb directly, instead of round-tripping through JSON into Go
// structs, is what gives each error its field path, and it is cheaper.
type decoder struct {
	errs field.ErrorList
}

// maxShownValue bounds how much of a bad value an error message repeats, so
// that a megabyte string does not become a megabyte error.
const maxShownValue = 64

// shown is a bad value as an error message may repeat it.
func shown(v *structpb.Value) any {
	switch k := v.GetKind().(type) {
	case *structpb.Value_StringValue:
		return clip(k.StringValue)
	case *structpb.Value_NumberValue:
		return k.NumberValue
	case *structpb.Value_BoolValue:
		return k.BoolValue
	case *structpb.Value_StructValue:
		return "<object>"
	case *structpb.Value_ListValue:
		return "<list>"
	default:
		return "<null>"
	}
}

// clip shortens a bad string value for an error message.
func clip(s string) string {
	if len(s) <= maxShownValue {
		return s
	}
	return s[:maxShownValue] + "..."
}

// absent reports whether v was not given at all: missing or null.
func absent(v *structpb.Value) bool {
	if v == nil {
		return true
	}
	_, null := v.GetKind().(*structpb.Value_NullValue)
	return null || v.GetKind() == nil
}

// object returns the fields of the object at p, recording an error if v is
// not an object or has a field outside known. An absent v is an empty object.
func (d *decoder) object(v *structpb.Value, p *field.Path, known ...string) map[string]*structpb.Value {
	if absent(v) {
		return nil
	}
	s, ok := v.GetKind().(*structpb.Value_StructValue)
	if !ok {
		d.errs = append(d.errs, field.TypeInvalid(p, shown(v), "must be an object"))
		return nil
	}
	fields := s.StructValue.GetFields()
	if len(known) > 0 {
		d.unknown(fields, p, known)
	}
	return fields
}

// unknown records every field of an object that is not in known, in sorted
// order so that the same input always gives the same message.
func (d *decoder) unknown(fields map[string]*structpb.Value, p *field.Path, known []string) {
	var extra []string
	for k := range fields {
		if !slices.Contains(known, k) {
			extra = append(extra, k)
		}
	}
	slices.Sort(extra)
	for _, k := range extra {
		d.errs = append(d.errs, field.Forbidden(p.Child(k), "unknown field; supported fields: "+strings.Join(known, ", ")))
	}
}

// list returns the items of the list at p, recording an error if v is not a
// list. The second result is false when v is absent, so that callers can tell
// an empty list from a missing one.
func (d *decoder) list(v *structpb.Value, p *field.Path) ([]*structpb.Value, bool) {
	if absent(v) {
		return nil, false
	}
	l, ok := v.GetKind().(*structpb.Value_ListValue)
	if !ok {
		d.errs = append(d.errs, field.TypeInvalid(p, shown(v), "must be a list"))
		return nil, false
	}
	return l.ListValue.GetValues(), true
}

// str returns the string at p; absent is "".
func (d *decoder) str(v *structpb.Value, p *field.Path) string {
	if absent(v) {
		return ""
	}
	s, ok := v.GetKind().(*structpb.Value_StringValue)
	if !ok {
		d.errs = append(d.errs, field.TypeInvalid(p, shown(v), "must be a string"))
		return ""
	}
	return s.StringValue
}

// boolean returns the boolean at p; absent is false.
func (d *decoder) boolean(v *structpb.Value, p *field.Path) bool {
	if absent(v) {
		return false
	}
	b, ok := v.GetKind().(*structpb.Value_BoolValue)
	if !ok {
		d.errs = append(d.errs, field.TypeInvalid(p, shown(v), "must be a boolean"))
		return false
	}
	return b.BoolValue
}

// integer returns the whole number at p, or nil when absent or not a whole
// number.
func (d *decoder) integer(v *structpb.Value, p *field.Path) *int64 {
	if absent(v) {
		return nil
	}
	n, ok := v.GetKind().(*structpb.Value_NumberValue)
	if !ok || n.NumberValue != math.Trunc(n.NumberValue) || math.Abs(n.NumberValue) > 1<<53 {
		d.errs = append(d.errs, field.TypeInvalid(p, shown(v), "must be a whole number"))
		return nil
	}
	i := int64(n.NumberValue)
	return &i
}

// strings returns the list of strings at p.
func (d *decoder) strings(v *structpb.Value, p *field.Path) []string {
	items, _ := d.list(v, p)
	if len(items) == 0 {
		return nil
	}
	out := make([]string, 0, len(items))
	for i, item := range items {
		out = append(out, d.str(item, p.Index(i)))
	}
	return out
}

// stringMap returns the map of strings at p, such as AWS tags.
func (d *decoder) stringMap(v *structpb.Value, p *field.Path) map[string]string {
	fields := d.object(v, p)
	if len(fields) == 0 {
		return nil
	}
	out := make(map[string]string, len(fields))
	// Sorted, so that errors come in the same order every time.
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		out[k] = d.str(fields[k], p.Key(k))
	}
	return out
}
