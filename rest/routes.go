package rest

// The route table is generated: zz_generated_routes.go holds one Route per
// operation of Discord's OpenAPI spec (RouteCreateMessage, RouteCreateDM, ...)
// and the Operations table. This file adds the interaction variants of the
// webhook message routes: the same operations, called with an application id
// and an interaction token, keyed by the token and exempt from the global
// limit (protocol reference §3.4 and §11.12).
var (
	RouteGetOriginalResponse    = Route{Method: "GET", Path: "/webhooks/{application_id}/{interaction_token}/messages/@original", Major: "interaction_token", Exempt: true}
	RouteEditOriginalResponse   = Route{Method: "PATCH", Path: "/webhooks/{application_id}/{interaction_token}/messages/@original", Major: "interaction_token", Exempt: true}
	RouteDeleteOriginalResponse = Route{Method: "DELETE", Path: "/webhooks/{application_id}/{interaction_token}/messages/@original", Major: "interaction_token", Exempt: true}
	RouteCreateFollowup         = Route{Method: "POST", Path: "/webhooks/{application_id}/{interaction_token}", Major: "interaction_token", Exempt: true}
	RouteGetFollowup            = Route{Method: "GET", Path: "/webhooks/{application_id}/{interaction_token}/messages/{message_id}", Major: "interaction_token", Exempt: true}
	RouteEditFollowup           = Route{Method: "PATCH", Path: "/webhooks/{application_id}/{interaction_token}/messages/{message_id}", Major: "interaction_token", Exempt: true}
	RouteDeleteFollowup         = Route{Method: "DELETE", Path: "/webhooks/{application_id}/{interaction_token}/messages/{message_id}", Major: "interaction_token", Exempt: true}
)

// interactionRoutes are the interaction variants, with the operation each
// one calls.
var interactionRoutes = map[string]Route{
	"get_original_webhook_message#interaction":    RouteGetOriginalResponse,
	"update_original_webhook_message#interaction": RouteEditOriginalResponse,
	"delete_original_webhook_message#interaction": RouteDeleteOriginalResponse,
	"execute_webhook#interaction":                 RouteCreateFollowup,
	"get_webhook_message#interaction":             RouteGetFollowup,
	"update_webhook_message#interaction":          RouteEditFollowup,
	"delete_webhook_message#interaction":          RouteDeleteFollowup,
}

// Routes lists every route: one per operation of the spec, then the
// interaction variants.
var Routes = allRoutes()

func allRoutes() []Route {
	out := make([]Route, 0, len(Operations)+len(interactionRoutes))
	for _, op := range Operations {
		out = append(out, op.Route)
	}
	return append(out, RouteGetOriginalResponse, RouteEditOriginalResponse, RouteDeleteOriginalResponse,
		RouteCreateFollowup, RouteGetFollowup, RouteEditFollowup, RouteDeleteFollowup)
}
