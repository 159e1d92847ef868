package interactions

import "github.com/scurrygo/scurry/discord"

// Response constructors. Each returns a fresh *discord.InteractionResponse
// that a Handler returns or passes to Request.Respond; responses are checked
// against Discord's limits (ValidateResponse) before they are sent.

// Ephemeral is the EPHEMERAL message flag (only the invoker sees the message).
const Ephemeral = discord.MessageFlags(1 << 6)

// ComponentsV2 is the IS_COMPONENTS_V2 message flag, required for layout
// components (Section, Container, TextDisplay, …); content and embeds are
// then not allowed.
const ComponentsV2 = discord.MessageFlags(1 << 15)

// Message replies with a new message (CHANNEL_MESSAGE_WITH_SOURCE).
func Message(msg discord.InteractionCallbackData) *discord.InteractionResponse {
	return &discord.InteractionResponse{Type: discord.CallbackChannelMessageWithSource, Data: &msg}
}

// Text replies with a plain text message.
func Text(content string) *discord.InteractionResponse {
	return Message(discord.InteractionCallbackData{Content: content})
}

// EphemeralText replies with a text message only the invoker sees.
func EphemeralText(content string) *discord.InteractionResponse {
	return Message(discord.InteractionCallbackData{Content: content, Flags: Ephemeral})
}

// DeferMessage acknowledges now and shows "thinking…"; edit the original
// response later (Request.EditOriginal). ephemeral fixes the visibility of
// the eventual message.
func DeferMessage(ephemeral bool) *discord.InteractionResponse {
	r := &discord.InteractionResponse{Type: discord.CallbackDeferredChannelMessageWithSource}
	if ephemeral {
		r.Data = &discord.InteractionCallbackData{Flags: Ephemeral}
	}
	return r
}

// DeferUpdate acknowledges a component interaction without a loading state;
// edit the component's message later with Request.EditOriginal.
func DeferUpdate() *discord.InteractionResponse {
	return &discord.InteractionResponse{Type: discord.CallbackDeferredUpdateMessage}
}

// Update edits the message the component is attached to (UPDATE_MESSAGE).
func Update(msg discord.InteractionCallbackData) *discord.InteractionResponse {
	return &discord.InteractionResponse{Type: discord.CallbackUpdateMessage, Data: &msg}
}

// Choices answers an autocomplete interaction (at most 25 choices).
func Choices(choices ...discord.ApplicationCommandOptionChoice) *discord.InteractionResponse {
	if choices == nil {
		choices = []discord.ApplicationCommandOptionChoice{}
	}
	return &discord.InteractionResponse{Type: discord.CallbackApplicationCommandAutocompleteResult,
		Data: &discord.InteractionCallbackData{Choices: choices}}
}

// Modal opens a modal (not allowed in answer to a modal submission). Each
// component is usually a *discord.Label wrapping an input, or a
// *discord.TextDisplay.
func Modal(customID, title string, components ...discord.Component) *discord.InteractionResponse {
	return &discord.InteractionResponse{Type: discord.CallbackModal, Data: &discord.InteractionCallbackData{
		CustomID: customID, Title: title, Components: components}}
}

// LaunchActivity launches the app's Activity (apps with Activities only).
func LaunchActivity() *discord.InteractionResponse {
	return &discord.InteractionResponse{Type: discord.CallbackLaunchActivity}
}
