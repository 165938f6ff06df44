package zmqffi_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/zmqffi/zmqffi"
)

// FuzzOptionByName sets and reads socket options by name with values of
// every kind, on every target: each must give a clear error or succeed,
// never crash or hang. The seeds try every option of every release with a
// few extreme values of each type.
func FuzzOptionByName(f *testing.F) {
	for _, o := range zmqffi.SocketOptions() {
		f.Add(o.Name, uint8(0), int64(-1), "", int(zmqffi.DEALER))
		f.Add(o.Name, uint8(1), int64(math.MaxInt64), strings.Repeat("x", 300), int(zmqffi.ROUTER))
		f.Add(o.Name, uint8(2), int64(math.MinInt64), "\x00", int(zmqffi.XPUB))
		f.Add(strings.ToLower(o.Name), uint8(3), int64(1), "1", int(zmqffi.SUB))
	}
	f.Add("", uint8(4), int64(0), "", 0)
	f.Add("ZMQ_", uint8(5), int64(0), "ü", 99)
	ctxs := fuzzContexts(f)
	f.Fuzz(func(t *testing.T, name string, kind uint8, ival int64, sval string, typ int) {
		for _, ctx := range ctxs {
			within(t, fmt.Sprintf("%s: option %q kind %d value %d/%q, type %d", ctx.Version(), name, kind, ival, sval, typ), func() error {
				return tryOptionByName(ctx, name, kind, ival, sval, typ)
			})
		}
	})
}

func tryOptionByName(ctx *zmqffi.Context, name string, kind uint8, ival int64, sval string, typ int) error {
	s, err := optionSocket(ctx, typ, false)
	if err != nil {
		return err
	}
	defer s.Close()
	values := []any{ival, int(ival), uint64(ival), ival != 0, time.Duration(ival), sval, []byte(sval), float64(ival), nil}
	if err := clearError(s.SetOption(name, values[int(kind)%len(values)])); err != nil {
		return fmt.Errorf("set: %w", err)
	}
	if _, err := s.Option(name); clearError(err) != nil {
		return fmt.Errorf("get: %w", clearError(err))
	}
	return nil
}
