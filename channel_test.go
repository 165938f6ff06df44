package zmqffi_test

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zmqffi/zmqffi"
	"github.com/zmqffi/zmqffi/internal/testenv"
)

// channelLimit bounds every wait of the Channel tests: longer means a hang.
const channelLimit = 20 * time.Second

// seqMsg is message i of a numbered stream: its number, then a payload that
// depends on it (so that a frame mixed into another message shows).
func seqMsg(i int) [][]byte {
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(i))
	return [][]byte{n[:], []byte(fmt.Sprintf("payload-%d", i*7))}
}

// checkSeq requires m to be message want of the stream.
func checkSeq(t *testing.T, m [][]byte, want int) {
	t.Helper()
	require.Len(t, m, 2, "message %d: frames", want)
	require.Len(t, m[0], 8, "message %d: number frame", want)
	got := int(binary.BigEndian.Uint64(m[0]))
	require.Equal(t, want, got, "messages out of order, lost or duplicated")
	require.Equal(t, fmt.Sprintf("payload-%d", want*7), string(m[1]), "message %d: payload", want)
}

// pushPull returns a PUSH socket bound to an inproc endpoint and a PULL
// socket connected to it.
func pushPull(t *testing.T, ctx *zmqffi.Context) (push, pull *zmqffi.Socket) {
	t.Helper()
	push, err := ctx.Socket(zmqffi.PUSH)
	require.NoError(t, err)
	pull, err = ctx.Socket(zmqffi.PULL)
	require.NoError(t, err)
	ep := fmt.Sprintf("inproc://channel-%d", rand.Uint64())
	require.NoError(t, push.Bind(ep))
	require.NoError(t, pull.Connect(ep))
	return push, pull
}

// channelCount is the stream length for a target: 100,000 messages on the
// system library, fewer on the others (each run under -race).
func channelCount(t *testing.T, tg testenv.Target) int {
	n := envCount(t, "ZMQFFI_CHANNEL_MESSAGES", 100_000)
	if tg.Soname != "" {
		n /= 10
	}
	return n
}

// stopChannel ends ch one of two ways, by Stop or by its context, and checks
// what Err says then.
func stopChannel(t *testing.T, ch *zmqffi.Channel, cancel context.CancelFunc, byStop bool) {
	t.Helper()
	if byStop {
		require.NoError(t, ch.Stop())
		return
	}
	cancel()
	select {
	case <-ch.Done():
	case <-time.After(channelLimit):
		t.Fatal("the Channel did not end after its context did")
	}
	require.ErrorIs(t, ch.Err(), context.Canceled)
	// Readers are not left waiting: both channels are closed.
	_, ok := <-ch.Recv()
	require.False(t, ok, "Recv still open after Done")
	_, ok = <-ch.Errors()
	require.False(t, ok, "Errors still open after Done")
}

// TestChannelRecvRandomStops receives a numbered stream through Channels
// that are stopped at random moments, by Stop or by their context, with
// direct receives on the socket in between: every message must arrive once,
// in order, and messages given back must have been seen.
func TestChannelRecvRandomStops(t *testing.T) {
	forEachTarget(t, func(t *testing.T, tg testenv.Target) {
		ctx := openCtx(t, tg)
		defer ctx.Term()
		push, pull := pushPull(t, ctx)
		n := channelCount(t, tg)
		sendErr := make(chan error, 1)
		go func() {
			for i := 0; i < n; i++ {
				if err := push.SendMultipart(seqMsg(i), 0); err != nil {
					sendErr <- err
					return
				}
			}
			sendErr <- nil
		}()
		require.NoError(t, pull.SetRcvTimeout(channelLimit))
		next, rounds, givenBack := 0, 0, 0
		for next < n {
			rounds++
			cctx, cancel := context.WithCancel(context.Background())
			ch, err := pull.StartChannel(cctx, nil)
			require.NoError(t, err)
			for k := rand.IntN(300); k > 0 && next < n; k-- {
				select {
				case m, ok := <-ch.Recv():
					require.True(t, ok, "Recv closed while the Channel runs: %v", ch.Err())
					checkSeq(t, m, next)
					next++
				case <-time.After(channelLimit):
					t.Fatalf("no message %d within %v", next, channelLimit)
				}
			}
			if rand.IntN(2) == 0 {
				// Give the Channel time to take the next message from
				// libzmq, so that stopping gives it back.
				time.Sleep(time.Duration(rand.IntN(200)) * time.Microsecond)
			}
			stopChannel(t, ch, cancel, rand.IntN(2) == 0)
			cancel()
			if zmqffi.PutBackFrames(pull) > 0 {
				givenBack++
			}
			for k := rand.IntN(3); k > 0 && next < n; k-- {
				m, err := pull.RecvMultipart(0)
				require.NoError(t, err)
				checkSeq(t, m, next)
				next++
			}
		}
		require.NoError(t, <-sendErr)
		m, err := pull.RecvMultipart(zmqffi.DontWait)
		require.ErrorIs(t, err, syscall.EAGAIN, "a message after the last one: %q", m)
		t.Logf("%d messages through %d Channels; %d stops gave a message back", n, rounds, givenBack)
		require.Positive(t, givenBack, "no stop gave a message back: the test did not test it")
	})
}

// TestChannelSendRandomStops sends a numbered stream through Channels that
// are stopped at random moments: a message a Channel took but did not send
// comes back from Unsent and is sent again first; the peer must get every
// message once, in order.
func TestChannelSendRandomStops(t *testing.T) {
	forEachTarget(t, func(t *testing.T, tg testenv.Target) {
		ctx := openCtx(t, tg)
		defer ctx.Term()
		push, pull := pushPull(t, ctx)
		require.NoError(t, pull.SetRcvTimeout(channelLimit))
		n := channelCount(t, tg)
		recvErr := make(chan error, 1)
		go func() {
			for i := 0; i < n; i++ {
				m, err := pull.RecvMultipart(0)
				if err == nil && (len(m) != 2 || int(binary.BigEndian.Uint64(m[0])) != i) {
					err = fmt.Errorf("message %d: got %q", i, m)
				}
				if err != nil {
					recvErr <- err
					return
				}
			}
			recvErr <- nil
		}()
		in := make(chan [][]byte)
		next, rounds, unsent := 0, 0, 0
		for next < n {
			rounds++
			cctx, cancel := context.WithCancel(context.Background())
			ch, err := push.StartChannel(cctx, in)
			require.NoError(t, err)
			for k := rand.IntN(300); k > 0 && next < n; k-- {
				select {
				case in <- seqMsg(next):
					next++
				case e := <-ch.Errors():
					t.Fatalf("send failed: %v", e)
				case <-time.After(channelLimit):
					t.Fatalf("message %d not taken within %v", next, channelLimit)
				}
			}
			stopChannel(t, ch, cancel, rand.IntN(2) == 0)
			cancel()
			if m := ch.Unsent(); m != nil {
				unsent++
				require.Len(t, m, 2)
				// The last message taken; send it again first.
				require.Equal(t, next-1, int(binary.BigEndian.Uint64(m[0])))
				next--
			}
			if next < n && rand.IntN(3) == 0 {
				require.NoError(t, push.SendMultipart(seqMsg(next), 0), "the socket is the caller's again")
				next++
			}
		}
		select {
		case err := <-recvErr:
			require.NoError(t, err)
		case <-time.After(channelLimit):
			t.Fatal("the peer did not get every message")
		}
		t.Logf("%d messages through %d Channels; %d stops left a message unsent", n, rounds, unsent)
	})
}

// TestChannelBackpressure: a Channel whose messages nobody takes holds one
// and leaves the rest in libzmq, so that the peer's sends meet the
// high-water mark; then every message arrives, in order.
func TestChannelBackpressure(t *testing.T) {
	forEachTarget(t, func(t *testing.T, tg testenv.Target) {
		ctx := openCtx(t, tg)
		defer ctx.Term()
		push, err := ctx.Socket(zmqffi.PUSH)
		require.NoError(t, err)
		pull, err := ctx.Socket(zmqffi.PULL)
		require.NoError(t, err)
		require.NoError(t, push.SetSndHWM(10))
		require.NoError(t, pull.SetRcvHWM(10))
		ep := fmt.Sprintf("inproc://backpressure-%d", rand.Uint64())
		require.NoError(t, push.Bind(ep))
		require.NoError(t, pull.Connect(ep))
		ch, err := pull.StartChannel(context.Background(), nil)
		require.NoError(t, err)
		defer ch.Stop()
		const most = 10_000
		sent := 0
		deadline := time.Now().Add(channelLimit)
		for sent < most {
			err := push.SendMultipart(seqMsg(sent), zmqffi.DontWait)
			if errors.Is(err, syscall.EAGAIN) {
				// The Channel may still be taking its one message.
				time.Sleep(20 * time.Millisecond)
				if err = push.SendMultipart(seqMsg(sent), zmqffi.DontWait); errors.Is(err, syscall.EAGAIN) {
					break
				}
			}
			require.NoError(t, err)
			sent++
			require.True(t, time.Now().Before(deadline))
		}
		t.Logf("the sender met the high-water mark after %d messages", sent)
		require.Less(t, sent, 100, "the Channel read on while nobody took its messages")
		waitHolds(t, ch)
		for i := 0; i < sent; i++ {
			select {
			case m := <-ch.Recv():
				checkSeq(t, m, i)
			case <-time.After(channelLimit):
				t.Fatalf("message %d did not arrive", i)
			}
		}
	})
}

// waitHolds waits until ch holds a received message.
func waitHolds(t *testing.T, ch *zmqffi.Channel) {
	t.Helper()
	deadline := time.Now().Add(channelLimit)
	for !zmqffi.ChannelHolds(ch) {
		require.True(t, time.Now().Before(deadline), "the Channel took no message")
		time.Sleep(time.Millisecond)
	}
}

// givenBack leaves the message parts on pull, given back by a stopped
// Channel, and checks that it is there.
func givenBack(t *testing.T, push, pull *zmqffi.Socket, parts ...string) {
	t.Helper()
	msg := make([][]byte, len(parts))
	for i, p := range parts {
		msg[i] = []byte(p)
	}
	ch, err := pull.StartChannel(context.Background(), nil)
	require.NoError(t, err)
	require.NoError(t, push.SendMultipart(msg, 0))
	waitHolds(t, ch)
	require.NoError(t, ch.Stop())
	require.Equal(t, len(parts), zmqffi.PutBackFrames(pull))
}

// TestChannelGivenBack: a message given back is the socket's next, for
// every way of receiving, polling and RcvMore; a second Channel delivers it
// first.
func TestChannelGivenBack(t *testing.T) {
	forEachTarget(t, func(t *testing.T, tg testenv.Target) {
		ctx := openCtx(t, tg)
		defer ctx.Term()
		push, pull := pushPull(t, ctx)
		require.NoError(t, pull.SetRcvTimeout(channelLimit))

		// Frame by frame, with RcvMore, ahead of what libzmq queues.
		givenBack(t, push, pull, "a", "b", "c")
		require.NoError(t, push.SendString("after", 0))
		more, err := pull.RcvMore()
		require.NoError(t, err)
		require.False(t, more, "RcvMore before the first frame given back")
		in, err := pull.HasPollin()
		require.NoError(t, err)
		require.True(t, in, "HasPollin with a message given back")
		p := zmqffi.NewPoller()
		require.NoError(t, p.Add(pull, zmqffi.PollIn))
		ready, err := p.Poll(0)
		require.NoError(t, err)
		require.Len(t, ready, 1, "Poll with a message given back")
		for i, want := range []string{"a", "b", "c"} {
			got, err := pull.RecvString(0)
			require.NoError(t, err)
			require.Equal(t, want, got)
			more, err := pull.RcvMore()
			require.NoError(t, err)
			require.Equal(t, i < 2, more, "RcvMore after frame %q", want)
		}
		got, err := pull.RecvString(0)
		require.NoError(t, err)
		require.Equal(t, "after", got)
		require.NoError(t, p.Remove(pull))

		// RecvInto truncates as zmq_recv does and reports the size.
		givenBack(t, push, pull, "truncated")
		buf := make([]byte, 4)
		nr, err := pull.RecvInto(buf, 0)
		require.NoError(t, err)
		require.Equal(t, 9, nr)
		require.Equal(t, "trun", string(buf))

		// RecvMessage, where the library has it.
		givenBack(t, push, pull, "zero", "copy")
		m, err := pull.RecvMessage(0)
		if errors.Is(err, zmqffi.ErrNotSupported) {
			_, err = pull.RecvMultipart(0)
			require.NoError(t, err)
		} else {
			require.NoError(t, err)
			require.Equal(t, "zero", string(m.Bytes()))
			require.True(t, m.More())
			require.NoError(t, m.Close())
			rest, err := pull.Recv(0)
			require.NoError(t, err)
			require.Equal(t, "copy", string(rest))
		}

		// RecvWithMetadata refuses it rather than hand it out without.
		if !ctx.Version().Less(zmqffi.Version{Major: 4, Minor: 1}) {
			givenBack(t, push, pull, "meta")
			_, _, err := pull.RecvWithMetadata(0)
			require.ErrorIs(t, err, syscall.ENOMSG)
			got, err := pull.RecvString(0)
			require.NoError(t, err)
			require.Equal(t, "meta", got)
		}

		// The next Channel delivers it first.
		givenBack(t, push, pull, "first")
		require.NoError(t, push.SendString("second", 0))
		ch, err := pull.StartChannel(context.Background(), nil)
		require.NoError(t, err)
		for _, want := range []string{"first", "second"} {
			select {
			case m := <-ch.Recv():
				require.Equal(t, [][]byte{[]byte(want)}, m)
			case <-time.After(channelLimit):
				t.Fatalf("%q did not arrive", want)
			}
		}
		require.NoError(t, ch.Stop())
	})
}

// TestChannelOwnsSocket: while a Channel runs, the socket's own sends and
// receives, a second Channel and a proxy are refused; after it they work.
func TestChannelOwnsSocket(t *testing.T) {
	forEachTarget(t, func(t *testing.T, tg testenv.Target) {
		ctx := openCtx(t, tg)
		defer ctx.Term()
		a, err := ctx.Socket(zmqffi.PAIR)
		require.NoError(t, err)
		b, err := ctx.Socket(zmqffi.PAIR)
		require.NoError(t, err)
		ep := fmt.Sprintf("inproc://owns-%d", rand.Uint64())
		require.NoError(t, a.Bind(ep))
		require.NoError(t, b.Connect(ep))
		ch, err := a.StartChannel(context.Background(), nil)
		require.NoError(t, err)
		_, err = a.Recv(zmqffi.DontWait)
		require.ErrorIs(t, err, syscall.EBUSY)
		_, err = a.RecvMultipart(0)
		require.ErrorIs(t, err, syscall.EBUSY)
		_, err = a.RecvInto(make([]byte, 4), 0)
		require.ErrorIs(t, err, syscall.EBUSY)
		require.ErrorIs(t, a.Send([]byte("x"), zmqffi.DontWait), syscall.EBUSY)
		_, err = a.StartChannel(context.Background(), nil)
		require.ErrorIs(t, err, syscall.EBUSY)
		require.NoError(t, ch.Stop())
		require.NoError(t, ch.Stop(), "Stop is idempotent")
		require.NoError(t, a.Send([]byte("x"), 0))
		got, err := b.RecvString(0)
		require.NoError(t, err)
		require.Equal(t, "x", got)
	})
}

// TestChannelBadStarts: the directions a socket type lacks and half-received
// messages are refused.
func TestChannelBadStarts(t *testing.T) {
	ctx, err := zmqffi.NewContext()
	require.NoError(t, err)
	defer ctx.Term()
	push, pull := pushPull(t, ctx)
	_, err = push.StartChannel(context.Background(), nil)
	require.ErrorIs(t, err, syscall.EINVAL, "PUSH with nothing to send")
	_, err = pull.StartChannel(context.Background(), make(chan [][]byte))
	require.ErrorIs(t, err, syscall.EINVAL, "PULL with a send channel")
	require.NoError(t, push.SendMultipart([][]byte{[]byte("1"), []byte("2")}, 0))
	require.NoError(t, pull.SetRcvTimeout(channelLimit))
	_, err = pull.Recv(0)
	require.NoError(t, err)
	_, err = pull.StartChannel(context.Background(), nil)
	require.ErrorIs(t, err, zmqffi.EFSM, "half a message received")
	_, err = pull.Recv(0)
	require.NoError(t, err)
	ch, err := pull.StartChannel(context.Background(), nil)
	require.NoError(t, err)
	require.NoError(t, ch.Stop())
}

// TestChannelRouterDuplex: one Channel receives a ROUTER's requests and sends
// its replies; an unroutable reply comes back on Errors and the Channel goes
// on.
func TestChannelRouterDuplex(t *testing.T) {
	ctx, err := zmqffi.NewContext()
	require.NoError(t, err)
	defer ctx.Term()
	router, err := ctx.Socket(zmqffi.ROUTER)
	require.NoError(t, err)
	require.NoError(t, router.SetOptionInt(33, 1)) // ZMQ_ROUTER_MANDATORY
	require.NoError(t, router.Bind("tcp://127.0.0.1:*"))
	ep, err := router.LastEndpoint()
	require.NoError(t, err)
	dealer, err := ctx.Socket(zmqffi.DEALER)
	require.NoError(t, err)
	require.NoError(t, dealer.SetRcvTimeout(channelLimit))
	require.NoError(t, dealer.Connect(ep))

	replies := make(chan [][]byte)
	ch, err := router.StartChannel(context.Background(), replies)
	require.NoError(t, err)
	const n = 200
	go func() {
		for i := 0; i < n; i++ {
			_ = dealer.SendString(fmt.Sprint(i), 0)
		}
	}()
	for i := 0; i < n; i++ {
		var req [][]byte
		select {
		case req = <-ch.Recv():
		case <-time.After(channelLimit):
			t.Fatalf("request %d did not arrive", i)
		}
		require.Len(t, req, 2)
		require.Equal(t, fmt.Sprint(i), string(req[1]))
		select {
		case replies <- [][]byte{req[0], []byte("re " + string(req[1]))}:
		case <-time.After(channelLimit):
			t.Fatal("reply not taken")
		}
		if i == n/2 {
			replies <- [][]byte{[]byte("nobody"), []byte("lost")}
			select {
			case e := <-ch.Errors():
				require.ErrorIs(t, e, syscall.EHOSTUNREACH)
				require.Equal(t, "nobody", string(e.Msg[0]))
			case <-time.After(channelLimit):
				t.Fatal("the unroutable reply was not reported")
			}
		}
	}
	for i := 0; i < n; i++ {
		got, err := dealer.RecvString(0)
		require.NoError(t, err)
		require.Equal(t, "re "+fmt.Sprint(i), got)
	}
	require.NoError(t, ch.Stop())
	assert.Nil(t, ch.Unsent())
}

// TestChannelREQ: a Channel on a REQ socket sends a request, then receives
// its reply, without failing on REQ's order.
func TestChannelREQ(t *testing.T) {
	ctx, err := zmqffi.NewContext()
	require.NoError(t, err)
	defer ctx.Term()
	rep, err := ctx.Socket(zmqffi.REP)
	require.NoError(t, err)
	require.NoError(t, rep.Bind("inproc://channel-req"))
	req, err := ctx.Socket(zmqffi.REQ)
	require.NoError(t, err)
	require.NoError(t, req.Connect("inproc://channel-req"))
	go func() {
		for i := 0; i < 3; i++ {
			m, err := rep.RecvMultipart(0)
			if err != nil {
				return
			}
			_ = rep.SendMultipart(append(m, []byte("ok")), 0)
		}
	}()
	out := make(chan [][]byte)
	ch, err := req.StartChannel(context.Background(), out)
	require.NoError(t, err)
	for i := 0; i < 3; i++ {
		out <- [][]byte{[]byte(fmt.Sprint(i))}
		select {
		case m, ok := <-ch.Recv():
			require.True(t, ok, "Channel ended: %v", ch.Err())
			require.Equal(t, [][]byte{[]byte(fmt.Sprint(i)), []byte("ok")}, m)
		case <-time.After(channelLimit):
			t.Fatalf("reply %d did not arrive", i)
		}
	}
	require.NoError(t, ch.Stop())
}

// TestChannelSocketClosed: closing the socket, or terminating its context,
// ends a running Channel with ErrClosed and closes its channels.
func TestChannelSocketClosed(t *testing.T) {
	for _, how := range []string{"Close", "Term"} {
		t.Run(how, func(t *testing.T) {
			ctx, err := zmqffi.NewContext()
			require.NoError(t, err)
			defer ctx.Term()
			_, pull := pushPull(t, ctx)
			ch, err := pull.StartChannel(context.Background(), nil)
			require.NoError(t, err)
			time.Sleep(10 * time.Millisecond) // let it park
			if how == "Close" {
				require.NoError(t, pull.Close())
			} else {
				require.NoError(t, ctx.Term())
			}
			select {
			case _, ok := <-ch.Recv():
				require.False(t, ok)
			case <-time.After(channelLimit):
				t.Fatal("Recv not closed after the socket was")
			}
			<-ch.Done()
			require.ErrorIs(t, ch.Err(), zmqffi.ErrClosed)
		})
	}
}

// TestChannelSendClosed: on a PUSH socket the Channel ends, with no error,
// once its send channel is closed and drained.
func TestChannelSendClosed(t *testing.T) {
	ctx, err := zmqffi.NewContext()
	require.NoError(t, err)
	defer ctx.Term()
	push, pull := pushPull(t, ctx)
	in := make(chan [][]byte, 3)
	for i := 0; i < 3; i++ {
		in <- seqMsg(i)
	}
	close(in)
	ch, err := push.StartChannel(context.Background(), in)
	require.NoError(t, err)
	select {
	case <-ch.Done():
	case <-time.After(channelLimit):
		t.Fatal("the Channel did not end after its send channel closed")
	}
	require.NoError(t, ch.Err())
	require.NoError(t, pull.SetRcvTimeout(channelLimit))
	for i := 0; i < 3; i++ {
		m, err := pull.RecvMultipart(0)
		require.NoError(t, err)
		checkSeq(t, m, i)
	}
}

// TestChannelGivenBackPollerTwoLibraries: the poll(2) path of a Poller whose
// sockets come from two libraries sees a message given back as PollIn.
func TestChannelGivenBackPollerTwoLibraries(t *testing.T) {
	ctx, err := zmqffi.NewContext()
	require.NoError(t, err)
	defer ctx.Term()
	ctx2, err := zmqffi.NewContext(zmqffi.WithSoname(testenv.CopyLibrary(t, ctx.LibraryPath())))
	require.NoError(t, err)
	defer ctx2.Term()
	push, pull := pushPull(t, ctx)
	other, err := ctx2.Socket(zmqffi.PULL)
	require.NoError(t, err)
	givenBack(t, push, pull, "polled")
	p := zmqffi.NewPoller()
	require.NoError(t, p.Add(pull, zmqffi.PollIn))
	require.NoError(t, p.Add(other, zmqffi.PollIn))
	ready, err := p.Poll(0)
	require.NoError(t, err)
	require.Len(t, ready, 1)
	require.Equal(t, zmqffi.PollIn, ready[0].Events)
	got, err := pull.RecvString(zmqffi.DontWait)
	require.NoError(t, err)
	require.Equal(t, "polled", got)
	ready, err = p.Poll(0)
	require.NoError(t, err)
	require.Empty(t, ready)
}
