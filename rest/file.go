package rest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/textproto"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// File is an upload. Its content is read through Open once per attempt, so a
// request with files can be retried and the bytes are streamed, never
// buffered whole. Build one with NewFile, NewFileReaderAt or NewFileFunc.
type File struct {
	// Name is the file name Discord shows, and the one embeds refer to as
	// attachment://Name. Required.
	Name string
	// ContentType defaults to the type of Name's extension, or
	// application/octet-stream.
	ContentType string
	// Description is the attachment's alt text (at most 1024 characters).
	Description string
	// Size is the number of bytes Open yields, or -1 when unknown. A known size
	// lets the request carry a Content-Length and be checked before sending.
	Size int64
	// Open returns the content from its first byte. It is called once per
	// attempt; the reader is closed after the attempt.
	Open func() (io.ReadCloser, error)

	// field is the multipart form name; "" means files[n]. Operations whose
	// body is only multipart (stickers, application attachments) set it.
	field string
}

// named returns f sent under the multipart form name field.
func (f File) named(field string) File {
	f.field = field
	return f
}

// NewFile returns a File holding data.
func NewFile(name string, data []byte) File {
	return File{Name: name, Size: int64(len(data)), Open: func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	}}
}

// NewFileReaderAt returns a File reading size bytes of r from offset 0 (an
// *os.File works). The caller keeps r open until the call returns.
func NewFileReaderAt(name string, r io.ReaderAt, size int64) File {
	return File{Name: name, Size: size, Open: func() (io.ReadCloser, error) {
		return io.NopCloser(io.NewSectionReader(r, 0, size)), nil
	}}
}

// NewFileFunc returns a File whose content comes from open, called once per
// attempt; size is its length, or -1 when unknown.
func NewFileFunc(name string, size int64, open func() (io.ReadCloser, error)) File {
	return File{Name: name, Size: size, Open: open}
}

// maxFiles is Discord's limit of attachments per message.
const maxFiles = 10

func checkFiles(op string, files []File, maxUpload int64) error {
	if len(files) > maxFiles {
		return inputErr(op, "files", "%d files, Discord allows at most %d per message", len(files), maxFiles)
	}
	var total int64
	seen := make(map[string]bool, len(files))
	for i, f := range files {
		field := "files[" + strconv.Itoa(i) + "]"
		switch {
		case f.Name == "":
			return inputErr(op, field, "has no Name")
		case strings.ContainsAny(f.Name, "\"\r\n\x00/\\"):
			return inputErr(op, field, "name %q contains a quote, slash, line break or NUL", f.Name)
		case seen[f.Name]:
			return inputErr(op, field, "name %q is used twice", f.Name)
		case f.Open == nil:
			return inputErr(op, field, "%q has no content (Open is nil); use NewFile", f.Name)
		case f.Size < -1:
			return inputErr(op, field, "%q has a negative Size", f.Name)
		case len([]rune(f.Description)) > 1024:
			return inputErr(op, field, "description is %d characters, the limit is 1024", len([]rune(f.Description)))
		}
		seen[f.Name] = true
		if f.Size > 0 {
			total += f.Size
		}
	}
	if total > maxUpload {
		return inputErr(op, "files", "%d bytes in total, the upload limit is %d (%d MiB)", total, maxUpload, maxUpload>>20)
	}
	return nil
}

// multipartBody is a request with files, laid out once: the fixed bytes
// (boundaries, part headers, payload_json) are kept, the files are read from
// their Open at send time. Each call to open streams a fresh copy, so retries
// resend the same bytes.
type multipartBody struct {
	contentType string
	segments    [][]byte // before files[0], between files, after the last
	files       []File
	length      int64 // -1 when a file's size is unknown
	max         int64
}

func newMultipart(payload []byte, form map[string]string, files []File, maxUpload int64) (*multipartBody, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	m := &multipartBody{contentType: mw.FormDataContentType(), files: files, max: maxUpload}
	keys := make([]string, 0, len(form))
	for k := range form {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := mw.WriteField(k, form[k]); err != nil {
			return nil, err
		}
	}
	if payload != nil {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="payload_json"`)
		h.Set("Content-Type", "application/json")
		w, err := mw.CreatePart(h)
		if err != nil {
			return nil, err
		}
		w.Write(payload)
	}
	m.length = 0
	for i, f := range files {
		ct := f.ContentType
		if ct == "" {
			ct = mime.TypeByExtension(filepath.Ext(f.Name))
		}
		if ct == "" {
			ct = "application/octet-stream"
		}
		h := textproto.MIMEHeader{}
		name := f.field
		if name == "" {
			name = "files[" + strconv.Itoa(i) + "]"
		}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="%s"; filename="%s"`, name, f.Name))
		h.Set("Content-Type", ct)
		if _, err := mw.CreatePart(h); err != nil {
			return nil, err
		}
		m.segments = append(m.segments, bytes.Clone(buf.Bytes()))
		buf.Reset()
		if f.Size < 0 || m.length < 0 {
			m.length = -1
		} else {
			m.length += f.Size
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	m.segments = append(m.segments, bytes.Clone(buf.Bytes()))
	if m.length >= 0 {
		for _, s := range m.segments {
			m.length += int64(len(s))
		}
	}
	return m, nil
}

// open returns a fresh reader of the whole body.
func (m *multipartBody) open() io.ReadCloser { return &multipartReader{m: m} }

// multipartReader streams segments and files in turn. Close may be called
// concurrently with Read (the transport may still be writing when a reply
// arrives), hence the mutex.
type multipartReader struct {
	mu     sync.Mutex
	m      *multipartBody
	part   int // even: segment part/2; odd: file part/2
	off    int
	cur    io.ReadCloser
	read   int64 // bytes of the current file
	total  int64
	closed bool
}

var errBodyClosed = errors.New("rest: request body closed")

func (r *multipartReader) Read(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for {
		if r.closed {
			return 0, errBodyClosed
		}
		if r.part >= 2*len(r.m.files)+1 {
			return 0, io.EOF
		}
		if r.part%2 == 0 {
			seg := r.m.segments[r.part/2]
			if r.off < len(seg) {
				n := copy(p, seg[r.off:])
				r.off += n
				return n, nil
			}
			r.part++
			r.off = 0
			continue
		}
		f := r.m.files[r.part/2]
		if r.cur == nil {
			rc, err := f.Open()
			if err != nil {
				return 0, fmt.Errorf("rest: open file %q: %w", f.Name, err)
			}
			if rc == nil {
				return 0, fmt.Errorf("rest: open file %q: Open returned a nil reader", f.Name)
			}
			r.cur, r.read = rc, 0
		}
		n, err := r.cur.Read(p)
		r.read += int64(n)
		r.total += int64(n)
		if f.Size >= 0 && r.read > f.Size {
			return 0, fmt.Errorf("rest: file %q is longer than its Size %d", f.Name, f.Size)
		}
		if r.total > r.m.max {
			return 0, fmt.Errorf("rest: files exceed the upload limit of %d bytes", r.m.max)
		}
		if err == io.EOF {
			r.cur.Close()
			r.cur = nil
			if f.Size >= 0 && r.read != f.Size {
				return 0, fmt.Errorf("rest: file %q has %d bytes, its Size says %d", f.Name, r.read, f.Size)
			}
			r.part++
			if n > 0 {
				return n, nil
			}
			continue
		}
		if err != nil {
			return n, fmt.Errorf("rest: read file %q: %w", f.Name, err)
		}
		return n, nil
	}
}

func (r *multipartReader) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	if r.cur != nil {
		err := r.cur.Close()
		r.cur = nil
		return err
	}
	return nil
}
