// Command curvedir shows a CURVE server that admits the clients whose
// certificates are in a directory, as czmq's zcertstore and pyzmq's
// zmq.auth do: it writes certificates for a server and two clients (alice
// and mallory, each a public name.key and a secret name.key_secret, the
// files pyzmq's create_certificates writes), copies alice's public one into
// the directory of admitted clients, and starts a ZAP handler that admits
// that directory. alice is served, with her certificate's metadata on her
// messages; mallory is refused until her certificate is added and the
// directory reloaded.
//
//	go run ./examples/curvedir
//	go run ./examples/curvedir --dir ./certs   (keeps the certificates)
//
// CURVE needs libzmq 4.0 or later built with it; on a library without it the
// program says so and exits 0. It prints "ok" when everything behaved; any
// error is printed and the exit status is 1.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/zmqffi/zmqffi"
)

func main() {
	soname := flag.String("soname", "", `libzmq to load: a soname, file name or path ("" = the default search)`)
	dir := flag.String("dir", "", `where to write the certificates ("" = a temporary directory, removed at the end)`)
	refusedWait := flag.Duration("refused-wait", 500*time.Millisecond, "how long to watch for a refused client's message")
	flag.Parse()
	if err := run(*soname, *dir, *refusedWait); err != nil {
		fmt.Fprintln(os.Stderr, "curvedir:", err)
		os.Exit(1)
	}
}

func run(soname, dir string, refusedWait time.Duration) (err error) {
	ctx, err := zmqffi.NewContext(zmqffi.WithSoname(soname))
	if err != nil {
		return err
	}
	defer func() {
		if terr := ctx.Term(); terr != nil && err == nil {
			err = terr
		}
	}()
	fmt.Printf("libzmq %s loaded from %s\n", ctx.Version(), ctx.LibraryPath())
	if has, err := ctx.Has("curve"); err != nil {
		return err
	} else if !has {
		fmt.Printf("libzmq %s has no CURVE (it needs 4.0 or later, built with CURVE support); nothing to show\n", ctx.Version())
		return nil
	}
	if dir == "" {
		if dir, err = os.MkdirTemp("", "zmqffi-curvedir-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	keys, admitted := filepath.Join(dir, "keys"), filepath.Join(dir, "admitted")
	for _, d := range []string{keys, admitted} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return err
		}
	}
	for _, name := range []string{"server", "alice", "mallory"} {
		if _, _, err := zmqffi.CreateCertificates(keys, name, map[string]string{"name": name}); err != nil {
			return err
		}
	}
	admit := func(name string) error {
		c, err := zmqffi.LoadCertificate(filepath.Join(keys, name+".key"))
		if err != nil {
			return err
		}
		return c.Save(filepath.Join(admitted, name+".key"))
	}
	if err := admit("alice"); err != nil {
		return err
	}
	fmt.Printf("certificates written to %s; alice's admitted\n", keys)

	auth, err := ctx.StartAuth()
	if err != nil {
		return err
	}
	defer auth.Stop()
	if err := auth.AllowCurveDir(zmqffi.AnyDomain, admitted); err != nil {
		return err
	}

	server, err := zmqffi.LoadCertificate(filepath.Join(keys, "server.key_secret"))
	if err != nil {
		return err
	}
	pull, err := ctx.Socket(zmqffi.PULL)
	if err != nil {
		return err
	}
	if err := pull.SetCurveServer(true); err != nil {
		return err
	}
	if err := pull.SetCurveSecretKey(server.SecretKey); err != nil {
		return err
	}
	if err := pull.Bind("tcp://127.0.0.1:*"); err != nil {
		return err
	}
	endpoint, err := pull.LastEndpoint()
	if err != nil {
		return err
	}
	fmt.Printf("CURVE server bound to %s\n", endpoint)

	send := func(name string) error {
		c, err := zmqffi.LoadCertificate(filepath.Join(keys, name+".key_secret"))
		if err != nil {
			return err
		}
		s, err := ctx.Socket(zmqffi.PUSH)
		if err != nil {
			return err
		}
		for _, set := range []func() error{
			func() error { return s.SetLinger(0) },
			func() error { return s.SetCurveServerKey(server.PublicKey) },
			func() error { return s.SetCurvePublicKey(c.PublicKey) },
			func() error { return s.SetCurveSecretKey(c.SecretKey) },
			func() error { return s.Connect(endpoint) },
		} {
			if err := set(); err != nil {
				return err
			}
		}
		return s.SendString("hello from "+name, zmqffi.DontWait)
	}
	// expect receives one message, or nothing when want is "".
	expect := func(want string, wait time.Duration) error {
		if err := pull.SetRcvTimeout(wait); err != nil {
			return err
		}
		var (
			data  []byte
			props map[string]string
			err   error
		)
		if ctx.Version().Less(zmqffi.Version{Major: 4, Minor: 1}) {
			data, err = pull.Recv(0)
		} else {
			data, props, err = pull.RecvWithMetadata(0, zmqffi.PropUserID, "name")
		}
		switch {
		case want == "" && errors.Is(err, syscall.EAGAIN):
			return nil
		case err != nil:
			return err
		case string(data) != want:
			return fmt.Errorf("received %q, want %q", data, want)
		}
		fmt.Printf("server received %q from %q\n", data, props["name"])
		return nil
	}

	if err := send("alice"); err != nil {
		return err
	}
	if err := expect("hello from alice", 10*time.Second); err != nil {
		return err
	}
	if err := send("mallory"); err != nil {
		return err
	}
	if err := expect("", refusedWait); err != nil {
		return fmt.Errorf("mallory should be refused: %w", err)
	}
	fmt.Printf("mallory refused: nothing arrived in %v\n", refusedWait)

	if err := admit("mallory"); err != nil {
		return err
	}
	if err := auth.Reload(); err != nil {
		return err
	}
	if err := send("mallory"); err != nil {
		return err
	}
	if err := expect("hello from mallory", 10*time.Second); err != nil {
		return err
	}
	fmt.Println("mallory admitted after her certificate was added and the directory reloaded")
	fmt.Println("ok")
	return nil
}
