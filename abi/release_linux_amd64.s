//go:build linux && amd64 && !zmqffi_purego

#include "textflag.h"

// zcrelease is a zmq_free_fn, void (*)(void *data, void *hint), called by
// libzmq on any of its threads (System V AMD64: data in DI, hint in SI).
// It pushes hint onto the release stack with a compare-and-swap and, if no
// wake-up is pending, writes 1 to the eventfd with a raw system call. It
// touches no callee-saved register and calls nothing, so the stack's
// alignment does not matter.
GLOBL ·releaseFnABI0(SB), NOPTR|RODATA, $8
DATA ·releaseFnABI0(SB)/8, $zcrelease<>(SB)

TEXT zcrelease<>(SB), NOSPLIT|NOFRAME, $0
	LEAQ ·releaseNext(SB), R8

push:
	MOVQ     ·releaseHead(SB), AX
	MOVQ     AX, -8(R8)(SI*8)     // releaseNext[hint-1] = head
	LOCK
	CMPXCHGQ SI, ·releaseHead(SB) // head = hint, if head is still AX
	JNE      push

	MOVL  $1, CX
	XCHGL CX, ·releaseWake(SB)
	TESTL CX, CX
	JNE   done

	MOVQ $1, AX                // SYS_write
	MOVQ ·releaseFD(SB), DI
	LEAQ ·releaseOne(SB), SI
	MOVQ $8, DX
	SYSCALL                    // on an eventfd it neither blocks nor fails

done:
	RET
