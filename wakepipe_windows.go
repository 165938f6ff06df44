package zmqffi

import (
	"syscall"
	"unsafe"
)

var procIoctlsocket = syscall.NewLazyDLL("ws2_32.dll").NewProc("ioctlsocket")

// newWakePipe makes the wake-up "pipe" of PollContext out of two
// non-blocking UDP sockets on the loopback interface, the second connected
// to the first: Windows has no pipe that zmq_poll (select) can watch, and a
// SOCKET it can. Go's runtime has started Winsock already (WSAStartup).
func newWakePipe() (*wakePipe, error) {
	r, err := loopbackUDP()
	if err != nil {
		return nil, err
	}
	w, err := loopbackUDP()
	if err != nil {
		_ = syscall.Closesocket(r)
		return nil, err
	}
	sa, err := syscall.Getsockname(r)
	if err == nil {
		err = syscall.Connect(w, sa)
	}
	if err != nil {
		_ = syscall.Closesocket(r)
		_ = syscall.Closesocket(w)
		return nil, err
	}
	return &wakePipe{r: int(r), w: int(w)}, nil
}

func loopbackUDP() (syscall.Handle, error) {
	s, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_DGRAM, syscall.IPPROTO_UDP)
	if err != nil {
		return syscall.InvalidHandle, err
	}
	err = syscall.Bind(s, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}})
	if err == nil {
		const fionbio = 0x8004667e
		on := uint32(1)
		if r, _, e := procIoctlsocket.Call(uintptr(s), fionbio, uintptr(unsafe.Pointer(&on))); r != 0 {
			err = e
		}
	}
	if err != nil {
		_ = syscall.Closesocket(s)
		return syscall.InvalidHandle, err
	}
	return s, nil
}

func writeOneByte(fd int) {
	b := [1]byte{1}
	buf := syscall.WSABuf{Len: 1, Buf: &b[0]}
	var sent uint32
	_ = syscall.WSASend(syscall.Handle(fd), &buf, 1, &sent, 0, nil, nil)
}

func drainFD(fd int) {
	var b [64]byte
	for {
		n, _, err := syscall.Recvfrom(syscall.Handle(fd), b[:], 0)
		if n <= 0 || err != nil {
			return
		}
	}
}

func closeFD(fd int) { _ = syscall.Closesocket(syscall.Handle(fd)) }
