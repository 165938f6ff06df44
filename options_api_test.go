package zmqffi_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/zmqffi/zmqffi"
)

// The option methods' names and signatures are part of the API: these
// assignments stop compiling if the generator renames or retypes one.
var (
	_ func(*zmqffi.Socket, bool) error               = (*zmqffi.Socket).SetRouterMandatory
	_ func(*zmqffi.Socket, bool) error               = (*zmqffi.Socket).SetImmediate
	_ func(*zmqffi.Socket, time.Duration) error      = (*zmqffi.Socket).SetReconnectIvl
	_ func(*zmqffi.Socket, time.Duration) error      = (*zmqffi.Socket).SetReconnectIvlMax
	_ func(*zmqffi.Socket, int) error                = (*zmqffi.Socket).SetTCPKeepalive
	_ func(*zmqffi.Socket, int) error                = (*zmqffi.Socket).SetTCPKeepaliveIdle
	_ func(*zmqffi.Socket, time.Duration) error      = (*zmqffi.Socket).SetHeartbeatIvl
	_ func(*zmqffi.Socket, time.Duration) error      = (*zmqffi.Socket).SetHeartbeatTimeout
	_ func(*zmqffi.Socket, time.Duration) error      = (*zmqffi.Socket).SetHeartbeatTTL
	_ func(*zmqffi.Socket, bool) error               = (*zmqffi.Socket).SetConflate
	_ func(*zmqffi.Socket, bool) error               = (*zmqffi.Socket).SetXPubVerbose
	_ func(*zmqffi.Socket, int64) error              = (*zmqffi.Socket).SetMaxMsgSize
	_ func(*zmqffi.Socket, int) error                = (*zmqffi.Socket).SetSndBuf
	_ func(*zmqffi.Socket, int) error                = (*zmqffi.Socket).SetRcvBuf
	_ func(*zmqffi.Socket, int) error                = (*zmqffi.Socket).SetBacklog
	_ func(*zmqffi.Socket, bool) error               = (*zmqffi.Socket).SetIPv6
	_ func(*zmqffi.Socket, bool) error               = (*zmqffi.Socket).SetProbeRouter
	_ func(*zmqffi.Socket, bool) error               = (*zmqffi.Socket).SetRouterHandover
	_ func(*zmqffi.Socket, bool) error               = (*zmqffi.Socket).SetReqRelaxed
	_ func(*zmqffi.Socket, bool) error               = (*zmqffi.Socket).SetReqCorrelate
	_ func(*zmqffi.Socket, uint64) error             = (*zmqffi.Socket).SetAffinity
	_ func(*zmqffi.Socket, int) error                = (*zmqffi.Socket).SetRate
	_ func(*zmqffi.Socket, int) error                = (*zmqffi.Socket).SetMulticastHops
	_ func(*zmqffi.Socket, int) error                = (*zmqffi.Socket).SetTOS
	_ func(*zmqffi.Socket, time.Duration) error      = (*zmqffi.Socket).SetHandshakeIvl
	_ func(*zmqffi.Socket, time.Duration) error      = (*zmqffi.Socket).SetConnectTimeout
	_ func(*zmqffi.Socket, bool) error               = (*zmqffi.Socket).SetInvertMatching
	_ func(*zmqffi.Socket, string) error             = (*zmqffi.Socket).SetGSSAPIPrincipal
	_ func(*zmqffi.Socket) (zmqffi.PollEvent, error) = (*zmqffi.Socket).Events
	_ func(*zmqffi.Socket) (int, error)              = (*zmqffi.Socket).Backlog
	_ func(*zmqffi.Socket) (time.Duration, error)    = (*zmqffi.Socket).HeartbeatIvl
	_ func(*zmqffi.Context, int) error               = (*zmqffi.Context).SetIOThreads
	_ func(*zmqffi.Context, bool) error              = (*zmqffi.Context).SetBlocky
	_ func(*zmqffi.Context) (int, error)             = (*zmqffi.Context).SocketLimit
)

// TestOptionMethodsMatchAccess checks that a write-only option has no getter
// and a read-only one no setter.
func TestOptionMethodsMatchAccess(t *testing.T) {
	sock := reflect.TypeFor[*zmqffi.Socket]()
	for name, want := range map[string][2]bool{
		"RouterMandatory": {true, false}, // write-only
		"XPubVerbose":     {true, false},
		"ThreadSafe":      {false, true}, // read-only
		"TopicsCount":     {false, true},
		"Backlog":         {true, true},
	} {
		_, set := sock.MethodByName("Set" + name)
		_, get := sock.MethodByName(name)
		assert.Equal(t, want, [2]bool{set, get}, name)
	}
	infos := zmqffi.SocketOptions()
	assert.Greater(t, len(infos), 100)
	for _, i := range infos {
		assert.NotNil(t, i.Type, i.Name)
		assert.True(t, i.Settable || i.Gettable, i.Name)
	}
	assert.Len(t, zmqffi.ContextOptions(), 13)
}
