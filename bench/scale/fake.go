package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"time"

	"github.com/scurrygo/scurry/discord"
	"github.com/scurrygo/scurry/discordtest"
)

// fakeEnv carries the child's configuration (JSON); set, the binary serves
// the fake Discord instead of measuring.
const fakeEnv = "SCURRY_SCALE_FAKE"

type fakeConfig struct {
	Shards, MaxConcurrency int
	WindowNS               int64
}

// fakeStats is what the child reports about the IDENTIFYs it saw.
type fakeStats struct {
	Accepted, Refused, Opened int
}

// serveFake runs the fake Discord until in closes; each line read on in is
// answered with the IDENTIFY and connection counts so far, as JSON.
func serveFake(cfg string, in io.Reader, out io.Writer) error {
	var c fakeConfig
	if err := json.Unmarshal([]byte(cfg), &c); err != nil {
		return err
	}
	s, err := discordtest.Start(&discordtest.Options{ShardCount: c.Shards, MaxConcurrency: c.MaxConcurrency,
		IdentifyWindow: time.Duration(c.WindowNS), SessionStartTotal: 1 << 30})
	if err != nil {
		return err
	}
	defer s.Close()
	gb, err := json.Marshal(s.GatewayBot())
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "FAKE %s %s\n", s.Token(), gb)
	r := bufio.NewReader(in)
	for {
		if _, err := r.ReadString('\n'); err != nil {
			return nil // the parent closed stdin (or exited)
		}
		var st fakeStats
		for _, id := range s.Identifies() {
			if id.Accepted {
				st.Accepted++
			} else {
				st.Refused++
				if os.Getenv("SCURRY_SCALE_REASONS") != "" {
					fmt.Fprintf(os.Stderr, "refused: shard %v: %s\n", id.Shard, id.Reason)
				}
			}
		}
		for _, e := range s.ConnEvents() {
			if e.Kind == discordtest.ConnOpened {
				st.Opened++
			}
		}
		b, _ := json.Marshal(st)
		fmt.Fprintf(out, "STATS %s\n", b)
	}
}

// fakeProcess is a running child.
type fakeProcess struct {
	token string
	gb    discord.GatewayBot
	cmd   *exec.Cmd
	stdin io.WriteCloser
	lines *bufio.Scanner
}

// startFake starts the fake in a child process and waits until it listens.
func startFake(c fakeConfig) (*fakeProcess, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cfg, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), fakeEnv+"="+string(cfg))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	fp := &fakeProcess{cmd: cmd, stdin: stdin, lines: bufio.NewScanner(stdout)}
	fp.lines.Buffer(nil, 1<<20)
	var gb string
	if !fp.lines.Scan() {
		fp.stop()
		return nil, errors.New("the fake process exited before it listened")
	}
	if n, _ := fmt.Sscanf(fp.lines.Text(), "FAKE %s %s", &fp.token, &gb); n != 2 {
		fp.stop()
		return nil, fmt.Errorf("the fake process said %q", fp.lines.Text())
	}
	if err := json.Unmarshal([]byte(gb), &fp.gb); err != nil {
		fp.stop()
		return nil, err
	}
	return fp, nil
}

// stats asks the child for its counts.
func (fp *fakeProcess) stats() (fakeStats, error) {
	var st fakeStats
	if _, err := fmt.Fprintln(fp.stdin); err != nil {
		return st, err
	}
	if !fp.lines.Scan() {
		return st, errors.New("the fake process exited")
	}
	var b string
	if n, _ := fmt.Sscanf(fp.lines.Text(), "STATS %s", &b); n != 1 {
		return st, fmt.Errorf("the fake process said %q", fp.lines.Text())
	}
	return st, json.Unmarshal([]byte(b), &st)
}

// stop closes the child's stdin, which ends it, and kills it if it lingers.
func (fp *fakeProcess) stop() {
	fp.stdin.Close()
	done := make(chan struct{})
	go func() { _ = fp.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = fp.cmd.Process.Kill()
		<-done
	}
}
