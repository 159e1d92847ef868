package rest

import (
	"errors"
	"net"
)

// neverSent reports whether a transport error proves that no byte of the
// request reached the server: the connection itself could not be made (a
// refused or unreachable dial, a failed DNS lookup). Any other transport
// error, a timeout or reset after the connection was up included, may have
// followed a request that Discord received and counted.
func neverSent(err error) bool {
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}
