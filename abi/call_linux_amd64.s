//go:build linux && amd64 && !zmqffi_purego

#include "textflag.h"
#include "go_asm.h"

// ccall runs on the system stack through runtime.cgocall or
// runtime.asmcgocall, with the address of a callBlock in DI. It calls
// fn(args[0..4]) and stores the result register in r; when mode says the
// result is a failure (a C int -1 for callInt, NULL for callPtr) it calls
// errfn on the same thread and stores its C int result in errno (ENOSYS when
// errfn is 0, never set by Init), else it stores 0 and calls then1(args[0])
// and then2(args[0]), those that are not 0, storing their results in r1 and
// r2. System V AMD64 calling convention: BX is callee-saved, and pushing it
// aligns the stack to 16.
GLOBL ·ccallABI0(SB), NOPTR|RODATA, $8
DATA ·ccallABI0(SB)/8, $ccall<>(SB)

TEXT ccall<>(SB), NOSPLIT|NOFRAME, $0
	PUSHQ BX
	MOVQ  DI, BX
	MOVQ  (callBlock_args+0)(BX), DI
	MOVQ  (callBlock_args+8)(BX), SI
	MOVQ  (callBlock_args+16)(BX), DX
	MOVQ  (callBlock_args+24)(BX), CX
	MOVQ  (callBlock_args+32)(BX), R8
	XORL  R9, R9
	XORL  AX, AX // no vector registers used, for variadic callees
	MOVQ  callBlock_fn(BX), R10
	CALL  R10
	MOVQ  AX, callBlock_r(BX)
	MOVQ  $0, callBlock_errno(BX)
	MOVQ  callBlock_mode(BX), R10
	CMPQ  R10, $const_callInt
	JEQ   isint
	CMPQ  R10, $const_callPtr
	JEQ   isptr
	JMP   thens

isint:
	CMPL AX, $-1
	JEQ  errno
	JMP  thens

isptr:
	TESTQ AX, AX
	JZ    errno

thens:
	MOVQ  callBlock_then1(BX), R10
	TESTQ R10, R10
	JZ    then2
	MOVQ  (callBlock_args+0)(BX), DI
	XORL  AX, AX
	CALL  R10
	MOVQ  AX, callBlock_r1(BX)

then2:
	MOVQ  callBlock_then2(BX), R10
	TESTQ R10, R10
	JZ    done
	MOVQ  (callBlock_args+0)(BX), DI
	XORL  AX, AX
	CALL  R10
	MOVQ  AX, callBlock_r2(BX)
	JMP   done

errno:
	MOVQ    callBlock_errfn(BX), R10
	TESTQ   R10, R10
	JZ      noerrfn
	XORL    AX, AX
	CALL    R10
	MOVLQSX AX, AX
	MOVQ    AX, callBlock_errno(BX)
	JMP     done

noerrfn:
	MOVQ $38, callBlock_errno(BX) // ENOSYS: a Caller without Init cannot read errno

done:
	POPQ BX
	RET

// func asmcgocall(fn uintptr, arg unsafe.Pointer) int32
TEXT ·asmcgocall(SB), NOSPLIT, $0-20
	JMP runtime·asmcgocall(SB)
