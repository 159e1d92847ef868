// Command specgen generates package discord's REST models from Discord's
// OpenAPI spec (../shared/spec/openapi.json). It runs from discord/generate.go:
//
//	go generate ./discord
//
// which executes
//
//	go run ../internal/specgen -spec ../../shared/spec/openapi.json \
//	    -out zz_generated_models.go -testout ../internal/specgen/zz_generated_roundtrip_test.go
//
// and writes discord/zz_generated_models.go plus this package's round-trip
// test table. Both are committed, so builds never need the spec; TestDrift
// fails when they are stale and skips when the spec is absent.
// `go run ./internal/specgen -spec ../shared/spec/openapi.json -ops` prints
// the spec's operations (method, path, operationId); testdata/operations.txt
// keeps that list for route-table checks (TestOperationsTable). With -routes
// -pkg discord instead it adds the Go types of each operation's JSON body and
// 2xx responses, as generated against the current hand-written code.
//
// With -rest it generates package rest instead (run from rest/generate.go:
// `go generate ./rest`, which needs the models generated first):
//
//   - zz_generated_routes.go: one Route per operation (method, path template,
//     major parameter, exemption from the global limit) and the Operations
//     table (operationId, method name, resource, multipart, audit-log reason).
//   - zz_generated_<resource>.go: one typed method per operation that rest
//     does not declare by hand (restnames.go names them; a name rest already
//     declares on *Client keeps the hand-written method as the operation's
//     one method), a <Method>Query struct for query parameters with their
//     ranges, the spec's limits on each body struct as check<Type> functions,
//     and <Method>All iterators for lists paginated by before/after.
//   - zz_generated_methods_test.go: a call with sample arguments for every
//     generated method (TestEveryMethod).
//   - the map of methods by resource in rest/doc.go, between markers.
//   - with -fake FILE: discordtest's spec table (query parameters, body
//     property kinds, required keys, a sample reply per operation).
//
// overrides.go is the one place where the protocol reference corrects the
// spec (limits, rate-limit keys), one entry per disagreement with its
// reason. `go run ./internal/specgen -spec ../shared/spec/openapi.json -pkg
// discord -rest rest -coverage` prints "operations in spec: N, typed methods:
// M" and lists operations without a method; TestRestCoverage checks it and
// TestRestDrift fails while any generated rest file is stale.
//
// What it generates, per component schema:
//
//   - Hand-written code wins. The other non-test files of package discord are
//     parsed first (handwritten.go); a schema whose Go name, alias
//     (handwrittenAliases) or case-insensitive name is a hand-written type is
//     not generated and references use that type; constants and methods whose
//     names are taken are skipped, so the output always builds with whatever
//     is hand-written. Regenerate after adding a type.
//   - Names: see names.go (curated names, Response suffix dropped when
//     unambiguous, request bodies named <Operation>Params or ...Params).
//     JSON request bodies the spec writes inline (not as components) become
//     <Operation>Params too: update_guild_member -> UpdateGuildMemberParams.
//   - Objects become structs with an Extra field (`json:",embed"`) that keeps
//     unknown keys. Required and non-null: T. Nullable (required or not):
//     Nullable[T] with omitzero, so null and absent stay apart. Optional and
//     non-null: Optional[T] with omitzero, or a plain slice, map, raw value or
//     union (whose zero value is absent). A field that would make a type
//     contain itself holds a pointer (cycles.go).
//   - Types: format snowflake and SnowflakeType -> Snowflake; date-time ->
//     Timestamp; int32 -> int; int64, Int53Type, UInt32Type -> int64;
//     number -> float64; permission fields -> Permissions; message and user
//     flags -> MessageFlags, UserFlags; anything untyped -> jsontext.Value.
//     maxLength and other validation keywords are ignored.
//   - Enums (oneOf of const with title) become named int or string types with
//     one constant per title (ChannelTypeGuildText) and String(); unknown
//     values are plain values, so they round-trip.
//   - Unions (oneOf of several schemas; anyOf with x-discord-union) become a
//     struct holding the raw JSON with As<Variant>/Set<Variant> methods, and
//     Value() when a discriminator property can be inferred (union.go).
//
// Output is sorted, gofmt'ed and starts with the standard "Code generated ...
// DO NOT EDIT." line.
package main
