package cache

import "unique"

// istr is an interned string: names that repeat across guilds and users
// ("general", "Moderator", "Spotify", locales) are stored once process-wide
// and cost one pointer per use. The zero value is the empty string. Interned
// strings are weak: the canonical copy goes away when no istr refers to it.
type istr struct{ h unique.Handle[string] }

func intern(s string) istr {
	if s == "" {
		return istr{}
	}
	return istr{unique.Make(s)}
}

func (s istr) String() string {
	if s.h == (unique.Handle[string]{}) {
		return ""
	}
	return s.h.Value()
}
