package interactions

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Signature headers Discord sends with every HTTP interaction (reference 4.1).
const (
	HeaderSignature = "X-Signature-Ed25519"
	HeaderTimestamp = "X-Signature-Timestamp"
)

// Verification errors. The endpoint answers 401 for each of them; Verify
// returns them wrapped so errors.Is works.
var (
	ErrMissingSignature = errors.New("interactions: missing signature headers")
	ErrBadSignature     = errors.New("interactions: signature does not verify")
	ErrStaleTimestamp   = errors.New("interactions: timestamp outside the accepted window")
)

// PublicKey is the form an application's public key may be given in: the
// 64-character hex string shown in the Developer Portal, or the raw key.
type PublicKey interface {
	string | ed25519.PublicKey
}

// ParsePublicKey checks and copies an application's public key. An empty or
// malformed key is an error: verification is never silently skipped.
func ParsePublicKey[K PublicKey](key K) (ed25519.PublicKey, error) {
	return parseKey(key)
}

func parseKey(key any) (ed25519.PublicKey, error) {
	switch k := key.(type) {
	case ed25519.PublicKey:
		if len(k) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("interactions: public key has %d bytes, want %d", len(k), ed25519.PublicKeySize)
		}
		return append(ed25519.PublicKey(nil), k...), nil
	case string:
		s := strings.TrimSpace(k)
		if s == "" {
			return nil, errors.New("interactions: public key is empty")
		}
		b, err := hex.DecodeString(s)
		if err != nil {
			return nil, fmt.Errorf("interactions: public key is not hex: %w", err)
		}
		return parseKey(ed25519.PublicKey(b))
	default:
		return nil, fmt.Errorf("interactions: public key of type %T (want ed25519.PublicKey or hex string)", key)
	}
}

// Verify checks an interaction request: the hex signature sig must be a valid
// Ed25519 signature by key over timestamp+body, and the timestamp (Unix
// seconds, as Discord sends it) must lie within window of now in either
// direction. A window of 0 or less disables the freshness check.
func Verify(key ed25519.PublicKey, sig, timestamp string, body []byte, now time.Time, window time.Duration) error {
	if sig == "" || timestamp == "" {
		return ErrMissingSignature
	}
	raw, err := hex.DecodeString(sig)
	if err != nil || len(raw) != ed25519.SignatureSize {
		return fmt.Errorf("%w: malformed signature header", ErrBadSignature)
	}
	if window > 0 {
		secs, err := strconv.ParseInt(timestamp, 10, 64)
		if err != nil {
			return fmt.Errorf("%w: timestamp %q is not Unix seconds", ErrStaleTimestamp, clip(timestamp))
		}
		skew := now.Sub(time.Unix(secs, 0))
		if skew > window || skew < -window {
			return fmt.Errorf("%w: %v off (window %v)", ErrStaleTimestamp, skew.Round(time.Second), window)
		}
	}
	msg := make([]byte, 0, len(timestamp)+len(body))
	msg = append(append(msg, timestamp...), body...)
	if !ed25519.Verify(key, msg, raw) {
		return ErrBadSignature
	}
	return nil
}

// Sign returns the headers' values for body signed by priv at t: what Discord
// sends. It exists for tests and fakes (package discordtest can use it, and so
// can a bot's own tests).
func Sign(priv ed25519.PrivateKey, t time.Time, body []byte) (signature, timestamp string) {
	timestamp = strconv.FormatInt(t.Unix(), 10)
	msg := append([]byte(timestamp), body...)
	return hex.EncodeToString(ed25519.Sign(priv, msg)), timestamp
}

func clip(s string) string {
	if len(s) > 32 {
		return s[:32] + "…"
	}
	return s
}
