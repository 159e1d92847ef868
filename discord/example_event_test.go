package discord_test

import (
	"fmt"

	"github.com/scurrygo/scurry/discord"
)

func ExampleDecodeEvent() {
	frame := []byte(`{"op":0,"s":42,"t":"MESSAGE_CREATE","d":{"id":"1153429181143625808",` +
		`"channel_id":"41771983423143938","guild_id":"41771983423143937","content":"hi",` +
		`"author":{"id":"80351110224678912","username":"nelly","discriminator":"0","global_name":null,"avatar":null},` +
		`"timestamp":"2026-11-22T12:00:00+00:00","edited_timestamp":null,"tts":false,` +
		`"mention_everyone":false,"mentions":[],"mention_roles":[],"attachments":[],"embeds":[],` +
		`"pinned":false,"type":0}}`)
	p, err := discord.ScanPayload(frame)
	if err != nil {
		panic(err)
	}
	// Route by guild before paying for the decode.
	fmt.Println("guild:", discord.DispatchGuildID(p.T, p.D))

	e, err := discord.DecodeEvent(p.T, p.D)
	if err != nil {
		panic(err)
	}
	switch e := e.(type) {
	case *discord.MessageCreate:
		fmt.Printf("%s said %q in %s\n", e.Author.DisplayName(), e.Content, e.ChannelID)
	case *discord.UnknownEvent:
		fmt.Println("new event:", e.Name)
	}
	// Output:
	// guild: 41771983423143937
	// nelly said "hi" in 41771983423143938
}
