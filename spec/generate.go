//go:generate go run ../internal/xrdgen -root ..

package spec
