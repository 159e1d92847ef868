package readme

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
)

// block is one ```go block of the README.
type block struct {
	line int // where it starts, 1-based
	code string
}

func readmeBlocks(t *testing.T) []block {
	t.Helper()
	f, err := os.Open("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []block
	var cur *block
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case cur == nil && strings.TrimSpace(line) == "```go":
			cur = &block{line: n}
		case cur != nil && strings.TrimSpace(line) == "```":
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.code += line + "\n"
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if cur != nil {
		t.Fatalf("README.md:%d: a Go block is never closed", cur.line)
	}
	return out
}

// goTool is the go command on PATH (go test runs with it there).
func goTool() string { return "go" }

// goCmd runs the go tool in the module root, so that files outside the
// module build against this module's packages and requirements.
func goCmd(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, goTool(), args...)
	cmd.Dir = "../.."
	return cmd
}

// TestREADMEGoBlocks builds every Go block of the README and runs it: a
// `package main` block is a bot, started as a process against the fake
// Discord with SCURRY_API_URL and DISCORD_TOKEN as the README says, which
// must answer a member's "!ping" with "pong" and ignore a bot's; a `_test`
// block is run with go test. Any other block (a fragment that cannot be
// built) fails the test, so the README cannot drift from the code.
func TestREADMEGoBlocks(t *testing.T) {
	blocks := readmeBlocks(t)
	if len(blocks) == 0 {
		t.Fatal("README.md has no Go blocks")
	}
	for _, b := range blocks {
		first, _, _ := strings.Cut(strings.TrimSpace(b.code), "\n")
		name := "README.md:" + strconv.Itoa(b.line)
		switch {
		case first == "package main":
			t.Run(name, func(t *testing.T) { runBot(t, b) })
		case strings.HasPrefix(first, "package ") && strings.HasSuffix(first, "_test"):
			t.Run(name, func(t *testing.T) { runTest(t, b) })
		default:
			t.Errorf("%s: a Go block must be a complete file (package main, or a _test package); it starts with %q", name, first)
		}
	}
}

func runTest(t *testing.T, b block) {
	dir := t.TempDir()
	file := filepath.Join(dir, "readme_block_test.go")
	if err := os.WriteFile(file, []byte(b.code), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := goCmd(t.Context(), "test", "-count=1", file).CombinedOutput()
	if err != nil {
		t.Fatalf("go test of the README block at line %d: %v\n%s", b.line, err, out)
	}
}

func runBot(t *testing.T, b block) {
	dir := t.TempDir()
	src, bin := filepath.Join(dir, "main.go"), filepath.Join(dir, "readmebot")
	if err := os.WriteFile(src, []byte(b.code), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := goCmd(t.Context(), "build", "-o", bin, src).CombinedOutput(); err != nil {
		t.Fatalf("build the README block at line %d: %v\n%s", b.line, err, out)
	}

	fake, err := discordtest.Start(nil) // a real listener: the bot is another process
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Close()
	g, err := fake.SeedGuild(discordtest.GuildSeed{Members: 2})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin) // killed if the test ends first
	cmd.Env = append(os.Environ(), "SCURRY_API_URL="+fake.URL(), "DISCORD_TOKEN="+fake.Token())
	var logs strings.Builder
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		cmd.Process.Kill()
		<-exited
	}()

	if err := fake.WaitIdentified(ctx, 1); err != nil {
		t.Fatalf("the README bot never identified: %v\n%s", err, logs.String())
	}
	ch := g.Channels[0]
	// The bot's own "!ping" (sent through REST with its token) comes first;
	// a member's follows. Events of a guild are handled in order, so once
	// the member's "pong" exists, a "pong" to the bot's would exist too.
	if err := postAsBot(ctx, fake, ch, "!ping"); err != nil {
		t.Fatal(err)
	}
	if _, err := fake.UserMessage(ch, g.Members[0], "!ping"); err != nil {
		t.Fatal(err)
	}
	pongs := func() int {
		n := 0
		for _, m := range fake.Messages(ch) {
			if strings.Contains(string(m), `"content":"pong"`) {
				n++
			}
		}
		return n
	}
	if err := fake.Wait(ctx, func() bool { return pongs() > 0 }); err != nil {
		t.Fatalf("no pong from the README bot: %v\n%s", err, logs.String())
	}
	if n := pongs(); n != 1 {
		t.Fatalf("%d pongs; the README bot answered a bot's !ping", n)
	}
	// Ctrl-C stops it cleanly.
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		exited <- err // for the deferred Kill's receive
		if err != nil {
			t.Fatalf("the README bot exited with %v after Ctrl-C\n%s", err, logs.String())
		}
	case <-ctx.Done():
		t.Fatalf("the README bot did not stop on Ctrl-C\n%s", logs.String())
	}
}

// postAsBot sends a message with the bot's own token, as the bot would.
func postAsBot(ctx context.Context, s *discordtest.Server, ch discord.Snowflake, content string) error {
	req, err := newJSONRequest(ctx, s.URL()+"/channels/"+ch.String()+"/messages", `{"content":"`+content+`"}`)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bot "+s.Token())
	req.Header.Set("User-Agent", "DiscordBot (readme-test, 1)")
	resp, err := s.Client().Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		return &statusError{resp.StatusCode}
	}
	return nil
}
