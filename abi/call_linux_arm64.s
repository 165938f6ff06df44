//go:build linux && arm64 && !zmqffi_purego

#include "textflag.h"
#include "go_asm.h"

// ccall runs on the system stack through runtime.cgocall or
// runtime.asmcgocall, with the address of a callBlock in R0. It calls
// fn(args[0..4]) and stores the result register in r; when mode says the
// result is a failure (a C int -1 for callInt, NULL for callPtr) it calls
// errfn on the same thread and stores its C int result, sign-extended, in
// errno (ENOSYS when errfn is 0, never set by Init), else it stores 0 and
// calls then1(args[0]) and then2(args[0]), those that are not 0, storing
// their results in r1 and r2.
//
// AAPCS64: arguments in R0-R7, the result in R0, R19-R28 callee-saved. The
// block's address is kept in the 16 bytes this function reserves below the
// frame record (LR and FP) that the assembler saves, so no callee-saved
// register is used and the stack stays 16-byte aligned at each call.
GLOBL ·ccallABI0(SB), NOPTR|RODATA, $8
DATA ·ccallABI0(SB)/8, $ccall<>(SB)

TEXT ccall<>(SB), NOSPLIT, $0
	SUB  $16, RSP
	MOVD R0, 0(RSP)
	MOVD R0, R9
	MOVD (callBlock_args+0)(R9), R0
	MOVD (callBlock_args+8)(R9), R1
	MOVD (callBlock_args+16)(R9), R2
	MOVD (callBlock_args+24)(R9), R3
	MOVD (callBlock_args+32)(R9), R4
	MOVD $0, R5
	MOVD callBlock_fn(R9), R10
	BL   (R10)

	MOVD 0(RSP), R9
	MOVD R0, callBlock_r(R9)
	MOVD ZR, callBlock_errno(R9)
	MOVD callBlock_mode(R9), R10
	CMP  $const_callInt, R10
	BEQ  isint
	CMP  $const_callPtr, R10
	BEQ  isptr
	B    thens

isint:
	CMNW $1, R0 // a C int of -1
	BEQ  errno
	B    thens

isptr:
	CBZ R0, errno

thens:
	MOVD callBlock_then1(R9), R10
	CBZ  R10, then2
	MOVD (callBlock_args+0)(R9), R0
	BL   (R10)
	MOVD 0(RSP), R9
	MOVD R0, callBlock_r1(R9)

then2:
	MOVD callBlock_then2(R9), R10
	CBZ  R10, done
	MOVD (callBlock_args+0)(R9), R0
	BL   (R10)
	MOVD 0(RSP), R9
	MOVD R0, callBlock_r2(R9)
	B    done

errno:
	MOVD callBlock_errfn(R9), R10
	CBZ  R10, noerrfn
	BL   (R10)
	MOVD 0(RSP), R9
	MOVW R0, R0 // sign-extends the C int
	MOVD R0, callBlock_errno(R9)
	B    done

noerrfn:
	MOVD $38, R10 // ENOSYS: a Caller without Init cannot read errno
	MOVD R10, callBlock_errno(R9)

done:
	ADD $16, RSP
	RET

// func asmcgocall(fn uintptr, arg unsafe.Pointer) int32
TEXT ·asmcgocall(SB), NOSPLIT, $0-20
	JMP runtime·asmcgocall(SB)
