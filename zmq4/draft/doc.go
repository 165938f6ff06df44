/*
Package zmq4 (import path github.com/zmqffi/zmqffi/zmq4/draft) is pebbe/zmq4's
draft package (github.com/pebbe/zmq4/draft v1.4.0) on zmqffi: package
github.com/zmqffi/zmqffi/zmq4 plus libzmq's draft API — the SERVER, CLIENT,
RADIO, DISH, GATHER, SCATTER and DGRAM sockets, Join and Leave, routing ids
and groups as Send options (OptRoutingId, OptGroup) and RecvWithOpts, and
the ROUTER_NOTIFY, HELLO_MSG, DISCONNECT_MSG and HICCUP_MSG options.

Its types are aliases of package zmq4's, and its functions, variables and
constants are zmq4's under the same names, so values cross freely between
the two import paths; the draft methods are zmq4's Socket methods. Only the
draft socket types are declared here (draft.go); the rest (aliases.go) is
generated from package zmq4 by zmq4/internal/genreplace.

The draft API works when the loaded libzmq exports it (a build configured
with --enable-drafts; HasDraft tells). Choose that library with SetSoname or
the ZMQFFI_SONAME environment variable, as in package zmq4, whose
documentation lists the differences from pebbe/zmq4.
*/
package zmq4
