package abi

import "syscall"

// hausnumero is ZMQ_HAUSNUMERO: zmq.h numbers the errors a platform's
// errno.h lacks from there.
const hausnumero = 156384712

// cErrno turns the errno libzmq reports into Go's syscall.Errno. On Windows
// libzmq reports the C runtime's errno.h numbers (EAGAIN is 11, EADDRINUSE
// 100), or zmq.h's own for the POSIX ones a C runtime lacks, while Go's
// syscall package gives those names values of its own: they are mapped, so
// that errors.Is(err, syscall.EAGAIN) holds on Windows too. libzmq's own
// errors (ETERM, EFSM, ...) are the same everywhere and pass through.
func cErrno(e uintptr) syscall.Errno {
	n := int32(e)
	if n >= hausnumero+1 && n <= hausnumero+18 {
		return zmqFallbackErrno[n-hausnumero-1]
	}
	if n > 0 && int(n) < len(crtErrno) && crtErrno[n] != 0 {
		return crtErrno[n]
	}
	return syscall.Errno(e)
}

// crtErrno maps the errno.h of the Microsoft C runtime (and MinGW's, which
// follows it) to Go's names.
var crtErrno = [...]syscall.Errno{
	1: syscall.EPERM, 2: syscall.ENOENT, 3: syscall.ESRCH, 4: syscall.EINTR, 5: syscall.EIO,
	6: syscall.ENXIO, 7: syscall.E2BIG, 8: syscall.ENOEXEC, 9: syscall.EBADF, 10: syscall.ECHILD,
	11: syscall.EAGAIN, 12: syscall.ENOMEM, 13: syscall.EACCES, 14: syscall.EFAULT, 16: syscall.EBUSY,
	17: syscall.EEXIST, 18: syscall.EXDEV, 19: syscall.ENODEV, 20: syscall.ENOTDIR, 21: syscall.EISDIR,
	22: syscall.EINVAL, 23: syscall.ENFILE, 24: syscall.EMFILE, 25: syscall.ENOTTY, 27: syscall.EFBIG,
	28: syscall.ENOSPC, 29: syscall.ESPIPE, 30: syscall.EROFS, 31: syscall.EMLINK, 32: syscall.EPIPE,
	33: syscall.EDOM, 34: syscall.ERANGE, 36: syscall.EDEADLK, 38: syscall.ENAMETOOLONG,
	39: syscall.ENOLCK, 40: syscall.ENOSYS, 41: syscall.ENOTEMPTY, 42: syscall.EILSEQ,
	100: syscall.EADDRINUSE, 101: syscall.EADDRNOTAVAIL, 102: syscall.EAFNOSUPPORT, 103: syscall.EALREADY,
	104: syscall.EBADMSG, 105: syscall.ECANCELED, 106: syscall.ECONNABORTED, 107: syscall.ECONNREFUSED,
	108: syscall.ECONNRESET, 109: syscall.EDESTADDRREQ, 110: syscall.EHOSTUNREACH, 111: syscall.EIDRM,
	112: syscall.EINPROGRESS, 113: syscall.EISCONN, 114: syscall.ELOOP, 115: syscall.EMSGSIZE,
	116: syscall.ENETDOWN, 117: syscall.ENETRESET, 118: syscall.ENETUNREACH, 119: syscall.ENOBUFS,
	120: syscall.ENODATA, 121: syscall.ENOLINK, 122: syscall.ENOMSG, 123: syscall.ENOPROTOOPT,
	124: syscall.ENOSR, 125: syscall.ENOSTR, 126: syscall.ENOTCONN, 127: syscall.ENOTRECOVERABLE,
	128: syscall.ENOTSOCK, 129: syscall.ENOTSUP, 130: syscall.EOPNOTSUPP, 132: syscall.EOVERFLOW,
	133: syscall.EOWNERDEAD, 134: syscall.EPROTO, 135: syscall.EPROTONOSUPPORT, 136: syscall.EPROTOTYPE,
	137: syscall.ETIME, 138: syscall.ETIMEDOUT, 139: syscall.ETXTBSY, 140: syscall.EWOULDBLOCK,
}

// zmqFallbackErrno maps zmq.h's ZMQ_HAUSNUMERO+1 ... +18, in zmq.h's order.
var zmqFallbackErrno = [...]syscall.Errno{
	syscall.ENOTSUP, syscall.EPROTONOSUPPORT, syscall.ENOBUFS, syscall.ENETDOWN, syscall.EADDRINUSE,
	syscall.EADDRNOTAVAIL, syscall.ECONNREFUSED, syscall.EINPROGRESS, syscall.ENOTSOCK, syscall.EMSGSIZE,
	syscall.EAFNOSUPPORT, syscall.ENETUNREACH, syscall.ECONNABORTED, syscall.ECONNRESET, syscall.ENOTCONN,
	syscall.ETIMEDOUT, syscall.EHOSTUNREACH, syscall.ENETRESET,
}
