package discordtest

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
)

// apiError is Discord's JSON error body.
type apiError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Errors  any    `json:"errors,omitzero"`
}

// Messages of the JSON error codes the fake answers with.
var errorMessages = map[int]string{
	0:      "",
	10003:  "Unknown Channel",
	10004:  "Unknown Guild",
	10007:  "Unknown Member",
	10008:  "Unknown Message",
	10011:  "Unknown Role",
	10013:  "Unknown User",
	10014:  "Unknown Emoji",
	10015:  "Unknown Webhook",
	10026:  "Unknown Ban",
	10062:  "Unknown interaction",
	10063:  "Unknown application command",
	20028:  "The write action you are performing on the channel has hit the write rate limit.",
	30003:  "Maximum number of pins reached (250)",
	30005:  "Maximum number of guild roles reached (250)",
	30010:  "Maximum number of reactions reached (20)",
	30015:  "Maximum number of attachments in a message reached (10)",
	40001:  "Unauthorized",
	40005:  "Request entity too large",
	40060:  "Interaction has already been acknowledged.",
	40333:  "internal network error",
	50001:  "Missing Access",
	50003:  "Cannot execute action on a DM channel",
	50005:  "Cannot edit a message authored by another user",
	50006:  "Cannot send an empty message",
	50008:  "Cannot send messages in a non-text channel",
	50013:  "Missing Permissions",
	50016:  "Provided too few or too many messages to delete. Must provide at least 2 and fewer than 100 messages to delete.",
	50019:  "A message can only be pinned to the channel it was sent in",
	50021:  "Cannot execute action on a system message",
	50024:  "Cannot execute action on this channel type",
	50027:  "Invalid Webhook Token",
	50028:  "Invalid role",
	50034:  "A message provided was too old to bulk delete",
	50035:  "Invalid Form Body",
	50083:  "Tried to perform an operation on an archived thread, such as editing a message or adding a user to the thread",
	160004: "A thread has already been created for this message",
	50109:  "The request body contains invalid JSON.",
}

// writeError writes a Discord error body. msg "" uses the code's message.
func writeError(w http.ResponseWriter, status, code int, msg string, errs any) {
	if msg == "" {
		msg = errorMessages[code]
	}
	if msg == "" {
		msg = http.StatusText(status)
		if code == 0 {
			msg = strconv.Itoa(status) + ": " + msg
		}
	}
	writeJSON(w, status, apiError{Code: code, Message: msg, Errors: errs})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"code":0,"message":"500: Internal Server Error"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
}

// fieldErrors collects 50035 leaf errors by dotted path ("embeds.0.title"),
// built into Discord's nested tree by tree.
type fieldErrors []fieldError

type fieldError struct {
	path, code, message string
}

func (f *fieldErrors) add(path, code, message string) {
	*f = append(*f, fieldError{path, code, message})
}

type leafError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// tree builds {"embeds":{"0":{"title":{"_errors":[{code,message}]}}}}; a path
// of "" puts the error at the request level.
func (f fieldErrors) tree() map[string]any {
	root := map[string]any{}
	for _, e := range f {
		node := root
		if e.path != "" {
			for _, part := range strings.Split(e.path, ".") {
				next, ok := node[part].(map[string]any)
				if !ok {
					next = map[string]any{}
					node[part] = next
				}
				node = next
			}
		}
		list, _ := node["_errors"].([]leafError)
		node["_errors"] = append(list, leafError{e.code, e.message})
	}
	return root
}
