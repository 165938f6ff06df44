package conformance

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/internal/testenv"
)

// TestSharedSocketMultipart shares one PUSH socket between goroutines that
// send 3-frame messages with SendMultipart and one that sends single frames
// with Send, and one PULL socket between two goroutines that receive with
// RecvMultipart, on every target. With high-water marks of 10 both sides
// keep waiting, several goroutines at once. Every message must arrive whole
// (no frame of another message inside it), exactly once.
func TestSharedSocketMultipart(t *testing.T) {
	for i, tg := range testenv.Targets(t) {
		t.Run(tg.Name, func(t *testing.T) {
			perSender := 5000 // 100,000 messages on the first target
			if i > 0 || testing.Short() {
				perSender = 1000
			}
			testSharedSocketMultipart(t, NewContext(t, tg), perSender)
		})
	}
}

func testSharedSocketMultipart(t *testing.T, ctx *zmqffi.Context, perSender int) {
	const senders, receivers = 20, 2
	total := (senders + 1) * perSender // and the single-frame sender
	push := NewSocket(t, ctx, zmqffi.PUSH)
	pull := NewSocket(t, ctx, zmqffi.PULL)
	for _, s := range []*zmqffi.Socket{push, pull} {
		require.NoError(t, s.SetSndHWM(10))
		require.NoError(t, s.SetRcvHWM(10))
	}
	require.NoError(t, push.Connect(BindEndpoint(t, pull, "inproc")))

	// seen[sender][seq] counts deliveries; sender `senders` is the Send one.
	seen := make([][]atomic.Int32, senders+1)
	for i := range seen {
		seen[i] = make([]atomic.Int32, perSender)
	}
	var (
		received atomic.Int64
		badMu    sync.Mutex
		bad      []string
	)
	report := func(format string, args ...any) {
		badMu.Lock()
		defer badMu.Unlock()
		if len(bad) < 10 {
			bad = append(bad, fmt.Sprintf(format, args...))
		}
	}
	check := func(msg [][]byte) {
		if len(msg) == 1 {
			var n int
			if _, err := fmt.Sscanf(string(msg[0]), "single %d", &n); err != nil || n < 0 || n >= perSender {
				report("a one-frame message that no Send sent: %q", msg)
				return
			}
			seen[senders][n].Add(1)
			return
		}
		if len(msg) != 3 || len(msg[0]) != 1 || len(msg[1]) != 8 {
			report("a message of %d frames, not 3: %q", len(msg), msg)
			return
		}
		id, seq := int(msg[0][0]), int(binary.BigEndian.Uint64(msg[1]))
		if id >= senders || seq >= perSender || string(msg[2]) != fmt.Sprintf("%d:%d", id, seq) {
			report("frames of several messages in one: %q", msg)
			return
		}
		seen[id][seq].Add(1)
	}

	var recvWG sync.WaitGroup
	for r := 0; r < receivers; r++ {
		recvWG.Add(1)
		go func() {
			defer recvWG.Done()
			for {
				msg, err := pull.RecvMultipart(0)
				if err != nil {
					if !errors.Is(err, zmqffi.ErrClosed) {
						report("receive: %v", err)
					}
					return
				}
				check(msg)
				received.Add(1)
			}
		}()
	}
	var sendWG sync.WaitGroup
	for id := 0; id <= senders; id++ {
		sendWG.Add(1)
		go func() {
			defer sendWG.Done()
			for seq := 0; seq < perSender; seq++ {
				var err error
				if id == senders {
					err = push.SendString(fmt.Sprintf("single %d", seq), 0)
				} else {
					head := binary.BigEndian.AppendUint64(nil, uint64(seq))
					err = push.SendMultipart([][]byte{{byte(id)}, head, fmt.Appendf(nil, "%d:%d", id, seq)}, 0)
				}
				if err != nil {
					report("sender %d, message %d: %v", id, seq, err)
					return
				}
			}
		}()
	}
	sendWG.Wait()
	deadline := time.Now().Add(waitLimit)
	for received.Load() < int64(total) && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	require.NoError(t, pull.Close()) // wakes the receivers
	recvWG.Wait()

	assert.Empty(t, bad)
	require.Equal(t, int64(total), received.Load(), "messages received")
	for id := range seen {
		for seq := range seen[id] {
			if n := seen[id][seq].Load(); n != 1 {
				t.Fatalf("sender %d, message %d: received %d times", id, seq, n)
			}
		}
	}
}
