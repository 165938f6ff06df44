package zmqffi

import (
	"context"
	"syscall"
	"time"

	"github.com/zmqffi/zmqffi/abi"
)

// doVia is the waiting logic of Send and Recv for the less frequent calls
// (monitor events, draft sockets, metadata): attempt makes one non-blocking
// libzmq call with the socket locked, and doVia retries it on EINTR and,
// unless dontWait, parks between EAGAINs for at most timeout (negative: no
// limit). events is abi.PollIn or abi.PollOut. It allocates a closure per
// call, which these paths can afford; Send and Recv have allocation-free
// twins in sendrecv.go.
func (st *socketState) doVia(events int32, timeout time.Duration, dontWait bool, op string, attempt func() syscall.Errno) error {
	var (
		e      syscall.Errno
		closed error
	)
	try := func(uintptr) bool {
		for {
			if err := st.lock(); err != nil {
				closed = err
				return true
			}
			if st.ownedLocked() {
				st.mu.Unlock()
				closed = errChannelOwns
				return true
			}
			e = attempt()
			if e == syscall.EAGAIN && events == abi.PollOut && st.writableAgain() {
				st.mu.Unlock()
				continue
			}
			st.mu.Unlock()
			switch e {
			case syscall.EINTR:
				continue
			case syscall.EAGAIN:
				return false
			}
			return true
		}
	}
	if !try(0) {
		if dontWait || timeout == 0 {
			return timeoutErr(events)
		}
		timeout, err := st.enterWait(nil, events, timeout)
		if err != nil {
			return err
		}
		err = st.wait(context.Background(), events, try, timeout)
		st.leaveWait()
		if err != nil {
			return err
		}
	}
	if closed != nil {
		return closed
	}
	return errnoErr(op, e)
}
