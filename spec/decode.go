package spec

import (
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"google.golang.org/protobuf/types/known/structpb"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// A decoder reads structpb values into Go values by their json tags,
// strictly: a value of the wrong type and a field the type does not have
// are errors, each recorded with its path, and decoding goes on, so that one
// Fatal result can name every problem.
//
// Crossplane hands the XR and the Input over as structpb values. Decoding
// them directly, rather than through a JSON round trip into Go types, is
// what gives every error its field path, is cheaper, and keeps error texts
// stable: encoding/json's wording varies from call to call.
type decoder struct {
	errs field.ErrorList
}

// decode reads v into out, a pointer to a struct. An absent v leaves out as
// it is.
func decode(v *structpb.Value, out any, p *field.Path) field.ErrorList {
	d := &decoder{}
	d.value(v, reflect.ValueOf(out).Elem(), p, 0)
	return d.errs
}

// decodeFields reads the fields of an object into out, a pointer to a
// struct, allowing fields out does not have: the top of an XR's spec is
// shared with Crossplane and other pipeline steps.
func decodeFields(fields map[string]*structpb.Value, out any, p *field.Path) field.ErrorList {
	d := &decoder{}
	d.fields(fields, reflect.ValueOf(out).Elem(), p)
	return d.errs
}

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

// absent reports whether v was not given at all: missing or null.
func absent(v *structpb.Value) bool {
	if v == nil || v.GetKind() == nil {
		return true
	}
	_, null := v.GetKind().(*structpb.Value_NullValue)
	return null
}

// maxExactInteger is the largest integer a JSON number (a float64) holds
// exactly.
const maxExactInteger = 1 << 53

func (d *decoder) typeError(v *structpb.Value, p *field.Path, msg string) {
	d.errs = append(d.errs, field.TypeInvalid(p, shown(v), msg))
}

// value reads v into out. A list or map longer than maxItems, when that is
// not zero, is an error, and only its first maxItems items are read: a huge
// input costs no more than a valid one.
func (d *decoder) value(v *structpb.Value, out reflect.Value, p *field.Path, maxItems int) {
	if absent(v) {
		return
	}
	switch out.Kind() {
	case reflect.String:
		s, ok := v.GetKind().(*structpb.Value_StringValue)
		if !ok {
			d.typeError(v, p, "must be a string")
			return
		}
		out.SetString(s.StringValue)
	case reflect.Bool:
		b, ok := v.GetKind().(*structpb.Value_BoolValue)
		if !ok {
			d.typeError(v, p, "must be a boolean")
			return
		}
		out.SetBool(b.BoolValue)
	case reflect.Int64:
		n, ok := v.GetKind().(*structpb.Value_NumberValue)
		if !ok || n.NumberValue != math.Trunc(n.NumberValue) || math.Abs(n.NumberValue) > maxExactInteger {
			d.typeError(v, p, "must be a whole number")
			return
		}
		out.SetInt(int64(n.NumberValue))
	case reflect.Pointer:
		before := len(d.errs)
		elem := reflect.New(out.Type().Elem())
		d.value(v, elem.Elem(), p, maxItems)
		if len(d.errs) == before {
			out.Set(elem)
		}
	case reflect.Slice:
		l, ok := v.GetKind().(*structpb.Value_ListValue)
		if !ok {
			d.typeError(v, p, "must be a list")
			return
		}
		items := l.ListValue.GetValues()
		if maxItems > 0 && len(items) > maxItems {
			d.errs = append(d.errs, field.TooMany(p, len(items), maxItems))
			items = items[:maxItems]
		}
		// Given, even empty, the list is not nil: a default applies only to
		// a list that was left out.
		s := reflect.MakeSlice(out.Type(), len(items), len(items))
		for i, item := range items {
			d.value(item, s.Index(i), p.Index(i), 0)
		}
		out.Set(s)
	case reflect.Map:
		o, ok := v.GetKind().(*structpb.Value_StructValue)
		if !ok {
			d.typeError(v, p, "must be an object")
			return
		}
		fields := o.StructValue.GetFields()
		if len(fields) == 0 {
			return
		}
		if maxItems > 0 && len(fields) > maxItems {
			d.errs = append(d.errs, field.TooMany(p, len(fields), maxItems))
			return
		}
		m := reflect.MakeMapWithSize(out.Type(), len(fields))
		// Sorted, so that errors come in the same order every time.
		for _, k := range sortedKeys(fields) {
			e := reflect.New(out.Type().Elem()).Elem()
			d.value(fields[k], e, keyPath(p, k), 0)
			m.SetMapIndex(reflect.ValueOf(k), e)
		}
		out.Set(m)
	case reflect.Struct:
		o, ok := v.GetKind().(*structpb.Value_StructValue)
		if !ok {
			d.typeError(v, p, "must be an object")
			return
		}
		fields := o.StructValue.GetFields()
		d.unknown(fields, out.Type(), p)
		d.fields(fields, out, p)
	}
}

// fields reads every field out has from an object's fields, in the order
// the type declares them.
func (d *decoder) fields(fields map[string]*structpb.Value, out reflect.Value, p *field.Path) {
	for _, f := range fieldsOf(out.Type()).fields {
		if f.opaque {
			continue
		}
		d.value(fields[f.name], out.FieldByIndex(f.index), p.Child(f.name), f.maxItems)
	}
}

// unknown records every field of an object that t does not have, in sorted
// order so that the same input always gives the same message.
func (d *decoder) unknown(fields map[string]*structpb.Value, t reflect.Type, p *field.Path) {
	info := fieldsOf(t)
	var extra []string
	for k := range fields {
		if _, ok := info.byName[k]; !ok {
			extra = append(extra, k)
		}
	}
	slices.Sort(extra)
	for _, k := range extra {
		d.errs = append(d.errs, field.Forbidden(childPath(p, k), "unknown field; supported fields: "+info.supported))
	}
}

// A structType is what the decoder needs to know of a struct type.
type structType struct {
	fields []structField
	byName map[string]bool
	// supported lists the fields' names for messages.
	supported string
}

// A structField is one JSON field of a struct type.
type structField struct {
	name  string
	index []int
	// opaque fields are accepted as they are and not read, such as an
	// object's metadata.
	opaque bool
	// maxItems is the most items a list or map field may have, from its
	// max struct tag; 0 is no limit.
	maxItems int
}

var structTypes sync.Map // reflect.Type -> *structType

var objectMetaType = reflect.TypeFor[metav1.ObjectMeta]()

// fieldsOf returns the JSON fields of a struct type, inline structs
// flattened, in declaration order.
func fieldsOf(t reflect.Type) *structType {
	if st, ok := structTypes.Load(t); ok {
		return st.(*structType) //nolint:forcetypeassert // only structTypes are stored
	}
	st := &structType{byName: map[string]bool{}}
	var walk func(t reflect.Type, index []int)
	walk = func(t reflect.Type, index []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			idx := append(slices.Clone(index), i)
			switch {
			case name == "-" || !f.IsExported():
				continue
			case name == "" && opts == "inline":
				walk(f.Type, idx)
				continue
			}
			maxItems, _ := strconv.Atoi(f.Tag.Get("max"))
			st.fields = append(st.fields, structField{name: name, index: idx, opaque: f.Type == objectMetaType, maxItems: maxItems})
			st.byName[name] = true
		}
	}
	walk(t, nil)
	names := make([]string, 0, len(st.fields))
	for _, f := range st.fields {
		names = append(names, f.name)
	}
	st.supported = strings.Join(names, ", ")
	actual, _ := structTypes.LoadOrStore(t, st)
	return actual.(*structType) //nolint:forcetypeassert // only structTypes are stored
}
