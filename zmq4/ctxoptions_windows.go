// Copyright (c) 2013-2018, Peter Kleiweg. All rights reserved.
// Use of this source code is governed by the BSD-2-Clause license of
// github.com/pebbe/zmq4, reproduced in LICENSE.pebbe in this directory.

//go:build windows

package zmq4

/*
Sets the scheduling policy for internal context’s thread pool.

Returns ErrorNotImplementedWindows on Windows
*/
func (ctx *Context) SetThreadSchedPolicy(n int) error {
	return ErrorNotImplementedWindows
}

/*
Sets scheduling priority for internal context’s thread pool.

Returns ErrorNotImplementedWindows on Windows
*/
func (ctx *Context) SetThreadPriority(n int) error {
	return ErrorNotImplementedWindows
}
