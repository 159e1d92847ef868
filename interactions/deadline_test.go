package interactions

import (
	"testing"
	"time"

	"github.com/scurrygo/scurry/discord"
)

// The 3 s clock starts at the creation time in the id when it is plausible,
// else at the receipt.
func TestDeadlineStart(t *testing.T) {
	rcv := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	id := func(at time.Time) discord.Snowflake {
		return discord.Snowflake(uint64(at.UnixMilli()-discord.Epoch) << 22)
	}
	for _, tc := range []struct {
		name    string
		created time.Time
		want    time.Time
	}{
		{"created 1 s before receipt", rcv.Add(-time.Second), rcv.Add(-time.Second)},
		{"created after receipt (skewed clock)", rcv.Add(time.Second), rcv},
		{"created a minute before (skewed clock)", rcv.Add(-time.Minute), rcv},
	} {
		if got := deadlineStart(id(tc.created), rcv); !got.Equal(tc.want) {
			t.Errorf("%s: start %v, want %v", tc.name, got, tc.want)
		}
	}
}
