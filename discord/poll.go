package discord

import "github.com/go-json-experiment/json/jsontext"

// Poll is a poll attached to a message. Results may be absent while votes are
// still being counted. Unknown keys are kept in Extra.
type Poll struct {
	Question         PollMedia           `json:"question"`
	Answers          []PollAnswer        `json:"answers,omitzero"`
	Expiry           Nullable[Timestamp] `json:"expiry,omitzero"`
	AllowMultiselect bool                `json:"allow_multiselect"`
	LayoutType       int                 `json:"layout_type"` // 1 DEFAULT
	Results          *PollResults        `json:"results,omitzero"`
	Extra            jsontext.Value      `json:",embed"`
}

// PollMedia is the text and emoji of a question or answer.
type PollMedia struct {
	Text  string         `json:"text,omitzero"`
	Emoji *Emoji         `json:"emoji,omitzero"`
	Extra jsontext.Value `json:",embed"`
}

// PollAnswer is one answer of a poll.
type PollAnswer struct {
	AnswerID  int            `json:"answer_id"`
	PollMedia PollMedia      `json:"poll_media"`
	Extra     jsontext.Value `json:",embed"`
}

// PollResults are a poll's vote counts.
type PollResults struct {
	IsFinalized  bool              `json:"is_finalized"`
	AnswerCounts []PollAnswerCount `json:"answer_counts,omitzero"`
	Extra        jsontext.Value    `json:",embed"`
}

// PollAnswerCount is the count for one answer.
type PollAnswerCount struct {
	ID      int  `json:"id"`
	Count   int  `json:"count"`
	MeVoted bool `json:"me_voted"`
}
