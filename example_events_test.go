package zmqffi_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/zmqffi/zmqffi"
)

// A Channel puts a socket in a select, next to a timer.
func ExampleSocket_StartChannel() {
	ctx, err := zmqffi.NewContext()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ctx.Term()
	a, _ := ctx.Socket(zmqffi.PAIR)
	b, _ := ctx.Socket(zmqffi.PAIR)
	_ = a.Bind("inproc://example-channel")
	_ = b.Connect("inproc://example-channel")

	out := make(chan [][]byte)
	ch, err := a.StartChannel(context.Background(), out)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ch.Stop()
	_ = b.SendString("ping", 0)
	timeout := time.After(5 * time.Second)
	select {
	case msg := <-ch.Recv():
		fmt.Printf("received %q\n", msg[0])
		out <- [][]byte{[]byte("pong")}
	case <-timeout:
		fmt.Println("nothing came")
	}
	_ = b.SetRcvTimeout(5 * time.Second)
	reply, _ := b.RecvString(0)
	fmt.Printf("peer received %q\n", reply)
	// Output:
	// received "ping"
	// peer received "pong"
}

// WaitConnected holds the first request back until a peer is there.
func ExampleConnState_WaitConnected() {
	ctx, err := zmqffi.NewContext()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ctx.Term()
	server, _ := ctx.Socket(zmqffi.REP)
	_ = server.Bind("tcp://127.0.0.1:*")
	endpoint, _ := server.LastEndpoint()

	client, _ := ctx.Socket(zmqffi.REQ)
	conns, err := client.WatchConnections() // before Connect
	if err != nil {
		fmt.Println(err)
		return
	}
	defer conns.Close()
	_ = client.Connect(endpoint)
	wait, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := conns.WaitConnected(wait); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("connected peers:", conns.Connected())
	// Output:
	// connected peers: 1
}

// Save writes a public certificate and a secret one that only its owner
// can read.
func ExampleCertificate_Save() {
	dir, _ := os.MkdirTemp("", "certs")
	defer os.RemoveAll(dir)
	cert, err := zmqffi.NewCertificate()
	if err != nil {
		fmt.Println(err)
		return
	}
	cert.Metadata["name"] = "server"
	if err := cert.Save(filepath.Join(dir, "server.key")); err != nil {
		fmt.Println(err)
		return
	}
	public, _ := zmqffi.LoadCertificate(filepath.Join(dir, "server.key"))
	secret, _ := zmqffi.LoadCertificate(filepath.Join(dir, "server.key_secret"))
	fmt.Println("same public key:", public.PublicKey == secret.PublicKey)
	fmt.Println("secret key in the public file:", public.SecretKey != "")
	fmt.Println("name:", public.Metadata["name"])
	// Output:
	// same public key: true
	// secret key in the public file: false
	// name: server
}

// A handler has the last word on each client, after the rules.
func ExampleAuthenticator_SetHandler() {
	ctx, err := zmqffi.NewContext()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ctx.Term()
	auth, err := ctx.StartAuth()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer auth.Stop()
	auth.AddPlainUser(zmqffi.AnyDomain, "admin", "secret")
	auth.SetHandler(func(r *zmqffi.ZAPRequest) zmqffi.ZAPReply {
		if r.Address != "127.0.0.1" {
			return zmqffi.ZAPDeny("local clients only")
		}
		if r.Rules.StatusCode == 200 {
			return zmqffi.ZAPAllow(r.Rules.UserID, map[string]string{"role": "operator"})
		}
		return r.Rules
	})

	server, _ := ctx.Socket(zmqffi.PULL)
	_ = server.SetPlainServer(true)
	_ = server.Bind("tcp://127.0.0.1:*")
	endpoint, _ := server.LastEndpoint()
	client, _ := ctx.Socket(zmqffi.PUSH)
	_ = client.SetPlainUsername("admin")
	_ = client.SetPlainPassword("secret")
	_ = client.Connect(endpoint)
	_ = client.SendString("hello", 0)

	_ = server.SetRcvTimeout(5 * time.Second)
	msg, props, err := server.RecvWithMetadata(0, zmqffi.PropUserID, "role")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s from %s, role %s\n", msg, props[zmqffi.PropUserID], props["role"])
	// Output:
	// hello from admin, role operator
}
