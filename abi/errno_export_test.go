package abi

// CErrno is cErrno, for the tests: libzmq's errno as Go's syscall.Errno.
var CErrno = cErrno
