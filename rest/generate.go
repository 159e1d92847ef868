package rest

// The route table, the Operations table, the typed methods not written by
// hand (zz_generated_<resource>.go), the every-method test table and the
// fake's spec table are generated from Discord's OpenAPI spec by
// internal/specgen; the drift test there fails while they are stale.
//go:generate go run ../internal/specgen -spec ../../shared/spec/openapi.json -pkg ../discord -rest . -fake ../discordtest/zz_generated_spec.go
