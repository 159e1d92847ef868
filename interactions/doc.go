// Package interactions receives and answers Discord interactions (slash
// commands, context menus, autocomplete, buttons, selects, modals), over HTTP
// or over the gateway, and registers commands by diff.
//
// Entry points:
//
//   - NewHandler returns an Endpoint, the http.Handler for the app's
//     Interactions Endpoint URL. Mount it on your own server; it never
//     listens. It verifies the Ed25519 signature and timestamp freshness,
//     refuses exact replays, bounds the body, answers PING, and replies
//     inline. Endpoint.Close cancels handlers still running.
//   - Router dispatches by command path ("admin ban"), custom_id pattern
//     ("vote:{poll}:{option}") and autocomplete option, with Middleware.
//     Router.Handle is the Handler for the Endpoint; Router.HandleGateway
//     answers INTERACTION_CREATE through the REST callback route. One
//     handler serves both.
//   - A Handler returns the initial response, built with Text, Message,
//     EphemeralText, DeferMessage, DeferUpdate, Update, Choices, Modal or
//     LaunchActivity. If it runs past the deadline margin (2.5s by default;
//     Discord allows 3s), the interaction is deferred automatically and the
//     handler's eventual answer becomes an edit of the original response.
//     Request.Respond answers early; Request.Followup, EditOriginal and
//     friends use the REST client.
//   - Request reads options with types and resolved objects (String, Int,
//     Float, Bool, User, Member, Channel, Role, Mentionable, Attachment),
//     custom_id placeholders (Param), select values (Values) and modal
//     inputs (Input, Text).
//   - Row, Button, StringSelect, Label, Section, Container, … build
//     components; ValidateResponse and ValidateMessage check Discord's limits
//     (run automatically before sending), naming the broken limit and path.
//   - NewEmbed builds a rich embed; Build checks Discord's embed limits
//     (title 256, description 4096, 25 fields, 6,000 characters in all, ...)
//     and ValidateEmbeds checks a message's embeds together, both with a
//     *LimitError naming the path.
//   - Syncer registers declared commands: it fetches what Discord has,
//     compares field by field with Discord's defaults normalised, and sends
//     only the creates, edits and deletes needed (or one bulk overwrite when
//     that is fewer calls). Plan is the dry run.
//
// REST access goes through the small consumer-owned interfaces Responder,
// Webhooks and CommandsREST; AdaptREST(*rest.Client) implements them all.
//
// Limits: files in responses are not supported (send them with rest and a
// follow-up); tokens never appear in errors or logs.
package interactions
