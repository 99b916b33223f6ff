// Command noop is a Crossplane composition function that returns the
// request's desired state unchanged: the gRPC and protobuf cost every
// function built on function-sdk-go pays per call, the floor the benchmark
// measures function-pod-identity against. It serves like the function does,
// metrics interceptor included.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	function "github.com/crossplane/function-sdk-go"
	fnv1 "github.com/crossplane/function-sdk-go/proto/v1"
	"github.com/crossplane/function-sdk-go/response"
)

// Function is the no-op function.
type Function struct {
	fnv1.UnimplementedFunctionRunnerServiceServer
}

// RunFunction returns the desired state from the request, unchanged.
func (f *Function) RunFunction(_ context.Context, req *fnv1.RunFunctionRequest) (*fnv1.RunFunctionResponse, error) {
	return response.To(req, response.DefaultTTL), nil
}

func main() {
	address := flag.String("address", "127.0.0.1:9443", "gRPC listen address")
	insecure := flag.Bool("insecure", false, "serve without mTLS")
	metrics := flag.String("metrics-address", ":8080", "metrics listen address; empty disables metrics")
	flag.Parse()
	if err := function.Serve(&Function{},
		function.Listen("tcp", *address),
		function.Insecure(*insecure),
		function.WithMetricsServer(*metrics)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
