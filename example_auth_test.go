package zmqffi_test

import (
	"errors"
	"fmt"
	"log"
	"syscall"
	"time"

	"github.com/zmqffi/zmqffi"
)

// A CURVE server whose context runs a ZAP handler (StartAuth) that admits
// one client key: that client is served, and libzmq reports the key as the
// user id of its messages; a client with another key never gets through.
// CURVE needs libzmq 4.0 or later built with it (see Context.Has("curve")).
func ExampleContext_StartAuth() {
	ctx, err := zmqffi.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Term() // also stops the ZAP handler

	serverPub, serverSec, err := ctx.NewCurveKeypair()
	if err != nil {
		log.Fatal(err) // ErrNotSupported without CURVE
	}
	clientPub, clientSec, err := ctx.NewCurveKeypair()
	if err != nil {
		log.Fatal(err)
	}

	// Start the handler before any client connects.
	auth, err := ctx.StartAuth()
	if err != nil {
		log.Fatal(err)
	}
	if err := auth.AllowCurve(zmqffi.AnyDomain, clientPub); err != nil {
		log.Fatal(err)
	}

	server, err := ctx.Socket(zmqffi.REP)
	if err != nil {
		log.Fatal(err)
	}
	if err := server.SetCurveServer(true); err != nil {
		log.Fatal(err)
	}
	if err := server.SetCurveSecretKey(serverSec); err != nil {
		log.Fatal(err)
	}
	if err := server.SetRcvTimeout(5 * time.Second); err != nil {
		log.Fatal(err)
	}
	if err := server.Bind("tcp://127.0.0.1:*"); err != nil {
		log.Fatal(err)
	}
	endpoint, err := server.LastEndpoint()
	if err != nil {
		log.Fatal(err)
	}

	// A CURVE client knows the server's public key and has a key pair of its
	// own.
	curveClient := func(public, secret string) *zmqffi.Socket {
		c, err := ctx.Socket(zmqffi.REQ)
		if err != nil {
			log.Fatal(err)
		}
		if err := c.SetLinger(0); err != nil { // a refused client's request is never sent
			log.Fatal(err)
		}
		if err := c.SetCurveServerKey(serverPub); err != nil {
			log.Fatal(err)
		}
		if err := c.SetCurvePublicKey(public); err != nil {
			log.Fatal(err)
		}
		if err := c.SetCurveSecretKey(secret); err != nil {
			log.Fatal(err)
		}
		if err := c.Connect(endpoint); err != nil {
			log.Fatal(err)
		}
		return c
	}

	client := curveClient(clientPub, clientSec)
	if err := client.SendString("Hello", 0); err != nil {
		log.Fatal(err)
	}
	request, meta, err := server.RecvWithMetadata(0, zmqffi.PropUserID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("server received %q from the allowed key: %v\n", request, meta[zmqffi.PropUserID] == clientPub)
	if err := server.SendString("World", 0); err != nil {
		log.Fatal(err)
	}
	if err := client.SetRcvTimeout(5 * time.Second); err != nil {
		log.Fatal(err)
	}
	reply, err := client.RecvString(0)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("client received %q\n", reply)

	// The handler refuses a key it was not given: the request never
	// reaches the server.
	intruderPub, intruderSec, err := ctx.NewCurveKeypair()
	if err != nil {
		log.Fatal(err)
	}
	intruder := curveClient(intruderPub, intruderSec)
	if err := intruder.SendString("Let me in", 0); err != nil {
		log.Fatal(err)
	}
	if err := server.SetRcvTimeout(100 * time.Millisecond); err != nil {
		log.Fatal(err)
	}
	_, err = server.RecvString(0)
	fmt.Println("intruder refused:", errors.Is(err, syscall.EAGAIN))
	// Output:
	// server received "Hello" from the allowed key: true
	// client received "World"
	// intruder refused: true
}
