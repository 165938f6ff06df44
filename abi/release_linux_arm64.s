//go:build linux && arm64 && !zmqffi_purego

#include "textflag.h"

// zcrelease is a zmq_free_fn, void (*)(void *data, void *hint), called by
// libzmq on any of its threads (AAPCS64: data in R0, hint in R1). It pushes
// hint onto the release stack and, if no wake-up is pending, writes 1 to the
// eventfd with a raw system call. It uses exclusive loads and stores, which
// every ARMv8.0 core has (the LSE atomics are 8.1), touches only
// caller-saved registers (never R27, which the assembler takes for loads of
// a symbol's value, nor R18), and neither calls nor uses the stack.
GLOBL ·releaseFnABI0(SB), NOPTR|RODATA, $8
DATA ·releaseFnABI0(SB)/8, $zcrelease<>(SB)

TEXT zcrelease<>(SB), NOSPLIT|NOFRAME, $0
	MOVD $·releaseNext(SB), R2
	SUB  $1, R1, R3
	ADD  R3<<3, R2, R2      // &releaseNext[hint-1]
	MOVD $·releaseHead(SB), R4

push:
	LDAR  (R4), R5
	MOVD  R5, (R2)          // releaseNext[hint-1] = head
	LDAXR (R4), R6
	CMP   R5, R6
	BNE   retry
	STLXR R1, (R4), R7      // head = hint, if head is still R5
	CBNZ  R7, push
	B     pushed

retry:
	CLREX
	B push

pushed:
	// The push must be seen before the wake-up flag is read, or a reader
	// re-arming the flag could miss this hint (TakeReleased clears the
	// flag, then takes the stack).
	DMB  $0xb               // ISH
	MOVD $·releaseWake(SB), R4
	MOVW $1, R6

wake:
	LDAXRW (R4), R5
	STLXRW R6, (R4), R7     // releaseWake = 1, its old value in R5
	CBNZ   R7, wake
	CBNZW  R5, done

	MOVD $·releaseFD(SB), R0 // by address: a direct load would use R27, callee-saved
	MOVD (R0), R0
	MOVD $·releaseOne(SB), R1
	MOVD $8, R2
	MOVD $64, R8            // SYS_write
	SVC                     // on an eventfd it neither blocks nor fails

done:
	RET
