package main

import (
	"google.golang.org/protobuf/types/known/structpb"
)

// The composed resources and the XR's status leave the function as structpb
// values. Building them as such, rather than as Go maps converted afterwards,
// saves a second copy of every object on every call.

// fields are the fields of an object under construction.
type fields = map[string]*structpb.Value

func stringValue(s string) *structpb.Value {
	return &structpb.Value{Kind: &structpb.Value_StringValue{StringValue: s}}
}

func boolValue(b bool) *structpb.Value {
	return &structpb.Value{Kind: &structpb.Value_BoolValue{BoolValue: b}}
}

func numberValue(n float64) *structpb.Value {
	return &structpb.Value{Kind: &structpb.Value_NumberValue{NumberValue: n}}
}

func objectValue(f fields) *structpb.Value {
	return &structpb.Value{Kind: &structpb.Value_StructValue{StructValue: &structpb.Struct{Fields: f}}}
}

func listValue(items ...*structpb.Value) *structpb.Value {
	return &structpb.Value{Kind: &structpb.Value_ListValue{ListValue: &structpb.ListValue{Values: items}}}
}

// stringsValue is a list of strings.
func stringsValue(ss []string) *structpb.Value {
	items := make([]*structpb.Value, len(ss))
	for i, s := range ss {
		items[i] = stringValue(s)
	}
	return listValue(items...)
}

// stringMapValue is an object of strings, such as AWS tags.
func stringMapValue(m map[string]string) *structpb.Value {
	f := make(fields, len(m))
	for k, v := range m {
		f[k] = stringValue(v)
	}
	return objectValue(f)
}
