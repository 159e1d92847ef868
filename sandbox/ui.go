package sandbox

import (
	"context"
	"embed"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"sync"

	"github.com/scurrygo/scurry/discordtest"
)

//go:embed assets
var assets embed.FS

// Options configures the UI. A nil *Options means every default.
type Options struct {
	// Logger receives request errors. Defaults to discarding them.
	Logger *slog.Logger
	// StormSize is how many requests the "429 storm" fault answers with 429
	// (retry after 1 s). Defaults to 3: a client that retries a 429 three
	// times, as scurry's rest does, rides it out; one that does not, fails.
	StormSize int
}

// UI is the sandbox's web page and JSON API over one fake server. Create it
// with New; Close it before closing the fake server.
type UI struct {
	s    *discordtest.Server
	log  *slog.Logger
	opts Options
	mux  *http.ServeMux

	ctx    context.Context // ends on Close; live streams follow it
	cancel context.CancelFunc
	wg     sync.WaitGroup // running event streams
	once   sync.Once
}

// New returns the UI over s and turns on s's dispatch log.
func New(s *discordtest.Server, opts *Options) (*UI, error) {
	if s == nil {
		return nil, errors.New("sandbox: New: server is nil")
	}
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.StormSize < 0 {
		return nil, errors.New("sandbox: Options.StormSize must not be negative")
	}
	if o.StormSize == 0 {
		o.StormSize = 3
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	s.RecordDispatches()
	u := &UI{s: s, log: o.Logger, opts: o, mux: http.NewServeMux()}
	u.ctx, u.cancel = context.WithCancel(context.Background())
	static, err := fs.Sub(assets, "assets")
	if err != nil {
		return nil, err
	}
	files := http.FileServerFS(static)
	u.mux.Handle("/", files) // the file server answers 405 to anything but GET and HEAD
	u.mux.HandleFunc("GET /api/world", u.getWorld)
	u.mux.HandleFunc("GET /api/channels/{channel}/messages", u.getMessages)
	u.mux.HandleFunc("POST /api/channels/{channel}/messages", u.postMessage)
	u.mux.HandleFunc("POST /api/channels/{channel}/messages/{message}/reactions", u.postReaction)
	u.mux.HandleFunc("GET /api/commands", u.getCommands)
	u.mux.HandleFunc("POST /api/interactions", u.postInteraction)
	u.mux.HandleFunc("POST /api/faults", u.postFault)
	u.mux.HandleFunc("GET /api/events", u.events)
	u.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "path", "no API route "+r.Method+" "+r.URL.Path)
	})
	return u, nil
}

// ServeHTTP serves the page and the API.
func (u *UI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	u.mux.ServeHTTP(w, r)
}

// Close ends every live event stream and waits for their handlers to return.
// The API keeps answering other requests. Safe to call more than once.
func (u *UI) Close() error {
	u.once.Do(u.cancel)
	u.wg.Wait()
	return nil
}
