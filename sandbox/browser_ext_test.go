package sandbox_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// -screenshots DIR writes the page's screenshots (PNG) there; the README's
// come from `go test ./sandbox -run TestBrowser -screenshots ../docs`.
var screenshots = flag.String("screenshots", "", "write screenshots of the page to this directory")

// findBrowser returns a Chromium or Chrome binary: $SCURRY_BROWSER, or the
// usual names on PATH.
func findBrowser() string {
	if p := os.Getenv("SCURRY_BROWSER"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser starts a headless browser for one test; it is killed when the test
// ends.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := findBrowser()
	if path == "" {
		if os.Getenv("SCURRY_REQUIRE_BROWSER") != "" {
			t.Fatal("no Chromium found and SCURRY_REQUIRE_BROWSER is set (CI installs Debian's `chromium`)")
		}
		t.Skip("no Chromium found (install Debian's `chromium`, or set SCURRY_BROWSER); skipping the browser test")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.WindowSize(1400, 820), chromedp.Flag("headless", "new"))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() }) // stops the browser and waits for its process
	if err := chromedp.Do(bctx); err != nil {        // starts the browser
		t.Fatalf("start %s: %v", path, err)
	}
	// Two minutes bound the whole session; each step waits for what it
	// needs, never for a fixed time.
	ctx, cancelTimeout := context.WithTimeout(bctx, 2*time.Minute)
	t.Cleanup(cancelTimeout)
	return ctx
}

func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if *screenshots == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*screenshots, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// fail reports a failed step with what the page showed.
func fail(t *testing.T, ctx context.Context, step string, err error) {
	t.Helper()
	shown, _ := chromedp.Run(context.WithoutCancel(ctx), chromedp.Evaluate[string](
		`["#conn-status","#composer-error","#messages","#command-form","#modal-error","#fault-result","#log"].map(s => { const e = document.querySelector(s); return s + ": " + (e ? e.innerText.slice(-1500) : "(none)"); }).join("\n")`))
	t.Fatalf("%s: %v\npage:\n%s", step, err, shown)
}

// do runs the steps of one stage in order, each bounded by 20 seconds, and
// fails the test naming the stage and the step that did not complete.
func do(t *testing.T, ctx context.Context, stage string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	for i, step := range steps {
		sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		err := chromedp.Do(sctx, step)
		cancel()
		if err != nil {
			fail(t, ctx, fmt.Sprintf("%s, step %d", stage, i+1), err)
		}
	}
}

// open loads the page and waits until its live stream follows the fake.
func open(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`document.body.dataset.live === "1"`)); err != nil {
		fail(t, ctx, "the page did not go live", err)
	}
}

// waitText waits until the element at sel contains want.
func waitText(sel, want string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](`(() => { const e = document.querySelector(`+quoteJS(sel)+`); return !!e && e.textContent.includes(`+quoteJS(want)+`); })()`,
		chromedp.WithPollingMutation())
}

func quoteJS(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// TestBrowserChatWithBot drives the page in headless Chromium as a bot
// author would: post "!ping" as a member, see the bot's reply appear, click
// its button and see the message change, run a slash command through the
// options form, and watch the side panel show the bot's REST requests,
// heartbeats and the recovery from an injected gateway close.
func TestBrowserChatWithBot(t *testing.T) {
	w := newWorld(t)
	ctx := browser(t)
	w.startBot(t)
	open(t, ctx, w.page.URL)

	do(t, ctx, "post !ping and see pong",
		waitText("#conn-status", "bot connected"),
		chromedp.SendKeys(chromedp.CSS("#composer-input"), "!ping"),
		chromedp.Click(chromedp.CSS(`#composer button[type="submit"]`)),
		waitText("#messages", "!ping"),
		waitText("#messages", "pong"),
		chromedp.WaitVisible(chromedp.CSS(`button[data-custom-id="again"]`)),
	)
	if member, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#as-member"))); err != nil || member == "" {
		t.Fatalf("no member selected to post as (%q, %v)", member, err)
	}
	shot(t, ctx, "sandbox-chat.png")

	do(t, ctx, "click the button and see the update",
		chromedp.Click(chromedp.CSS(`button[data-custom-id="again"]`)),
		waitText("#messages", "pong, clicked 1×"),
		waitText("#log", "POST /interactions/{interaction_id}/{interaction_token}/callback"),
		waitText("#log", "/channels/{channel_id}/messages 200"),
		waitText("#log", "left"), // the rate-limit headers of a REST answer
	)

	// A slash command: "/" lists the bot's commands; the form refuses a
	// missing required option, as Discord's client does.
	do(t, ctx, "run /roll",
		chromedp.SendKeys(chromedp.CSS("#composer-input"), "/ro"),
		chromedp.WaitVisible(chromedp.CSS(`#suggestions button[data-command="roll"]`)),
		chromedp.Click(chromedp.CSS(`#suggestions button[data-command="roll"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#command-form input[name="sides"]`)),
		chromedp.Click(chromedp.CSS(`#command-form button[type="submit"]`)),
		waitText("#command-form", "sides is required"),
		chromedp.SendKeys(chromedp.CSS(`#command-form input[name="sides"]`), "20"),
		chromedp.Click(chromedp.CSS(`#command-form button[type="submit"]`)),
		waitText("#messages", "rolled a d20"),
	)

	// A modal: the page shows it, checks min_length, sends the submission.
	do(t, ctx, "fill the modal",
		chromedp.SendKeys(chromedp.CSS("#composer-input"), "/feedback"),
		chromedp.Click(chromedp.CSS(`#suggestions button[data-command="feedback"]`)),
		chromedp.Click(chromedp.CSS(`#command-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#modal input[name="opinion"]`)),
		chromedp.SendKeys(chromedp.CSS(`#modal input[name="opinion"]`), "ok"),
		chromedp.Click(chromedp.CSS("#modal-submit")),
		waitText("#modal-error", "opinion"),
		chromedp.SendKeys(chromedp.CSS(`#modal input[name="opinion"]`), " then"),
		chromedp.Click(chromedp.CSS("#modal-submit")),
		waitText("#messages", "thanks for: ok then"),
	)

	// An embed and a select; an option with autocomplete.
	do(t, ctx, "pick from a select",
		chromedp.SendKeys(chromedp.CSS("#composer-input"), "!menu"),
		chromedp.Click(chromedp.CSS(`#composer button[type="submit"]`)),
		waitText("#messages", "pick a fruit"),
		waitText(".embed .e-field", "apples"),
		chromedp.Poll[chromedp.Void](`(() => { const s = document.querySelector('select[data-custom-id="pick"]');
			if (!s) return false; s.value = "pear"; s.dispatchEvent(new Event("change")); return true; })()`),
		waitText("#messages", "picked pear"),
	)
	do(t, ctx, "autocomplete an option",
		chromedp.SendKeys(chromedp.CSS("#composer-input"), "/col"),
		chromedp.Click(chromedp.CSS(`#suggestions button[data-command="color"]`)),
		chromedp.SendKeys(chromedp.CSS(`#command-form input[name="name"]`), "gr"),
		waitText("#command-form .choices", "green"),
		chromedp.Click(chromedp.CSS(`#command-form .choices button`)),
		chromedp.Click(chromedp.CSS(`#command-form button[type="submit"]`)),
		waitText("#messages", "you chose green"),
	)
	do(t, ctx, "react to a message",
		chromedp.Click(chromedp.CSS(`#messages .message:last-child .react-add`)),
		waitText("#messages .message:last-child .reactions", "👍 1"),
	)
	shot(t, ctx, "sandbox-components.png")

	// Faults: close the bot's connection; the panel shows the close and the
	// bot resuming, and the bot still answers.
	do(t, ctx, "inject a close and see the bot recover",
		chromedp.Click(chromedp.CSS(`#faults button[data-fault="close"][data-code="4000"]`)),
		waitText("#fault-result", "1 connection"),
		waitText("#log", "closed 4000"),
		waitText("#log", "resumed"),
		waitText("#log", "heartbeat shard 0"),
		chromedp.SendKeys(chromedp.CSS("#composer-input"), "!ping"),
		chromedp.Click(chromedp.CSS(`#composer button[type="submit"]`)),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll('button[data-custom-id="again"]').length >= 2`, chromedp.WithPollingMutation()),
	)
	shot(t, ctx, "sandbox-faults.png")
}

// TestBrowserComposerValidates checks the page's own form checks without a
// bot: an over-long message is refused with Discord's limit, and nothing is
// posted.
func TestBrowserComposerValidates(t *testing.T) {
	w := newWorld(t)
	ctx := browser(t)
	long := strings.Repeat("a", 2001)
	open(t, ctx, w.page.URL)
	do(t, ctx, "refuse a long message",
		waitText("#conn-status", "no bot connected"),
		// maxlength stops typing at 2000; set the value directly as a paste would bypass it.
		chromedp.SetValue(chromedp.CSS("#composer-input"), long),
		chromedp.Click(chromedp.CSS(`#composer button[type="submit"]`)),
		waitText("#composer-error", "at most 2000 characters"),
	)
	for _, c := range w.guild.Channels {
		if n := len(w.fake.Messages(c)); n != 0 {
			t.Fatalf("channel %v has %d messages after a refused post", c, n)
		}
	}
}
