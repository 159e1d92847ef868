package discord

// The long tail of REST models (zz_generated_models.go) is generated from
// Discord's OpenAPI spec by internal/specgen; hand-written types in this
// package win over generated ones of the same name. Regenerate after adding or
// renaming a hand-written type, then check `go build ./discord`; the drift
// test in internal/specgen fails while the committed output is stale.
//go:generate go run ../internal/specgen -spec ../../shared/spec/openapi.json -out zz_generated_models.go -testout ../internal/specgen/zz_generated_roundtrip_test.go
