package zmqffi

import (
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/zmqffi/zmqffi/abi"
	"github.com/zmqffi/zmqffi/internal/z85"
)

// ZAPEndpoint is where libzmq sends ZAP requests: the inproc endpoint of the
// context's ZAP handler (ZeroMQ RFC 27).
const ZAPEndpoint = "inproc://zeromq.zap.01"

// AnyDomain is the domain that, given to AddPlainUser, AllowCurve or
// AllowAnyCurve, makes the entry apply to every ZAP domain.
const AnyDomain = "*"

// Authenticator is a ZAP handler (ZeroMQ RFC 27) for one context, modelled on
// czmq's zauth and pyzmq's ThreadAuthenticator: a goroutine that answers
// libzmq's authentication requests for the context's server sockets (PLAIN
// and CURVE servers, and NULL servers with a ZAP domain) by these rules:
//
//   - If an allow list is set (Allow), a client whose IP address is not on it
//     is refused; otherwise, a client whose address is on the deny list (Deny)
//     is refused.
//   - NULL: accepted unless refused by address.
//   - PLAIN: accepted if the user name and password were added for the
//     socket's ZAP domain (or AnyDomain) with AddPlainUser. The user id is
//     the user name.
//   - CURVE: accepted if AllowAnyCurve was called for the domain or the
//     client's public key was allowed with AllowCurve or is in a
//     certificate directory given to AllowCurveDir (whose certificate's
//     metadata the reply carries). The user id is the key in Z85.
//   - Any other mechanism (GSSAPI) is refused.
//
// A handler set with SetHandler then has the last word on each request.
//
// The rules may change while the handler runs. An Authenticator runs until
// Stop or until the context's Term, and keeps its context alive until then.
// One context has at most one. Its methods are safe for concurrent use.
//
// Caveat: a context whose handler has stopped has no ZAP handler, and libzmq
// then accepts every PLAIN and CURVE client (CURVE still checks that the
// client knows the server's key).
//
// https://rfc.zeromq.org/spec/27/
type Authenticator struct {
	ctx  *Context
	sock *Socket
	done chan struct{}

	mu       sync.Mutex
	allow    map[string]bool
	deny     map[string]bool
	plain    map[string]map[string]string // domain → user → password
	curve    map[string]map[string]bool   // domain → Z85 public key
	curveAny map[string]bool              // domains that accept every key
	logger   *slog.Logger
	err      error // what ended the handler, if not Stop or Term

	curveDirs []*curveDir // AllowCurveDir's directories (zapcert.go)
	handler   ZAPHandler  // SetHandler's
}

// authenticators holds the running Authenticator of each context.
var (
	authMu         sync.Mutex
	authenticators = map[*contextState]*Authenticator{}
)

// StartAuth starts the context's ZAP handler, which answers for every server
// socket of this context (and no other): it binds a REP socket to
// ZAPEndpoint and serves it on a goroutine. Start it before clients connect:
// libzmq asks the handler during each handshake. With no rules added, it
// accepts NULL clients and refuses PLAIN and CURVE ones.
//
// It returns ErrNotSupported before libzmq 4.0 (ZAP came with ZMTP 3.0), and
// an error if the context already has a handler.
//
// https://rfc.zeromq.org/spec/27/
func (c *Context) StartAuth() (*Authenticator, error) {
	if c.Version().Major < 4 {
		return nil, abi.NotSupported(c.st.b.Version(), "ZAP authentication")
	}
	authMu.Lock()
	defer authMu.Unlock()
	if _, ok := authenticators[c.st]; ok {
		return nil, fmt.Errorf("zmqffi: StartAuth: this context already has a ZAP handler; Stop it first: %w", syscall.EADDRINUSE)
	}
	sock, err := c.Socket(REP)
	if err != nil {
		return nil, err
	}
	if err := sock.SetLinger(0); err != nil {
		_ = sock.Close()
		return nil, err
	}
	// The endpoint of a handler that was just stopped is released when libzmq
	// reaps its socket, which takes a moment.
	for try := 0; ; try++ {
		err = sock.Bind(ZAPEndpoint)
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EADDRINUSE) || try == 50 {
			_ = sock.Close()
			return nil, fmt.Errorf("zmqffi: StartAuth: %w", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	a := &Authenticator{
		ctx:      c,
		sock:     sock,
		done:     make(chan struct{}),
		allow:    map[string]bool{},
		deny:     map[string]bool{},
		plain:    map[string]map[string]string{},
		curve:    map[string]map[string]bool{},
		curveAny: map[string]bool{},
	}
	authenticators[c.st] = a
	go a.run()
	return a, nil
}

// Stop stops the handler and waits until its goroutine has ended; later ZAP
// requests of the context find no handler (see the caveat on Authenticator).
// It is idempotent and returns the error that ended the handler early, if
// any.
func (a *Authenticator) Stop() error {
	_ = a.sock.Close()
	<-a.done
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.err
}

// Done returns a channel that is closed when the handler has ended, by Stop,
// by the context's Term, or by an error (see Stop).
func (a *Authenticator) Done() <-chan struct{} { return a.done }

// Allow adds IP addresses ("127.0.0.1") to the allow list. While the list is
// not empty, clients from other addresses are refused and the deny list is
// not consulted.
func (a *Authenticator) Allow(addresses ...string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, ad := range addresses {
		a.allow[ad] = true
	}
}

// Deny adds IP addresses to the deny list, which refuses clients from them
// while the allow list is empty.
func (a *Authenticator) Deny(addresses ...string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, ad := range addresses {
		a.deny[ad] = true
	}
}

// AddPlainUser accepts PLAIN clients that send user and password, on server
// sockets of ZAP domain domain (AnyDomain: every domain). Adding a user again
// replaces the password.
func (a *Authenticator) AddPlainUser(domain, user, password string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.plain[domain] == nil {
		a.plain[domain] = map[string]string{}
	}
	a.plain[domain][user] = password
}

// RemovePlainUser stops accepting the PLAIN user in domain.
func (a *Authenticator) RemovePlainUser(domain, user string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.plain[domain], user)
}

// AllowCurve accepts CURVE clients with these public keys (40-character Z85,
// or 32 raw bytes) on server sockets of ZAP domain domain (AnyDomain: every
// domain). A malformed key is an error and nothing is added.
func (a *Authenticator) AllowCurve(domain string, publicKeys ...string) error {
	keys := make([]string, 0, len(publicKeys))
	for _, k := range publicKeys {
		raw, err := curveKey(k)
		if err != nil {
			return fmt.Errorf("zmqffi: AllowCurve: %w", err)
		}
		z, _ := z85.Encode(raw)
		keys = append(keys, z)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.curve[domain] == nil {
		a.curve[domain] = map[string]bool{}
	}
	for _, k := range keys {
		a.curve[domain][k] = true
	}
	return nil
}

// RemoveCurve stops accepting these CURVE public keys in domain.
func (a *Authenticator) RemoveCurve(domain string, publicKeys ...string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, k := range publicKeys {
		if raw, err := curveKey(k); err == nil {
			z, _ := z85.Encode(raw)
			delete(a.curve[domain], z)
		}
	}
}

// AllowAnyCurve accepts every CURVE client on server sockets of ZAP domain
// domain (AnyDomain: every domain): any client that knows the server's public
// key, as pyzmq's CURVE_ALLOW_ANY does. The address rules still apply.
func (a *Authenticator) AllowAnyCurve(domain string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.curveAny[domain] = true
}

// SetLogger makes the handler log each decision at level Debug, and errors at
// level Error; nil (the default) logs nothing.
func (a *Authenticator) SetLogger(l *slog.Logger) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.logger = l
}

func (a *Authenticator) run() {
	defer func() {
		authMu.Lock()
		if authenticators[a.ctx.st] == a {
			delete(authenticators, a.ctx.st)
		}
		authMu.Unlock()
		_ = a.sock.Close()
		close(a.done)
	}()
	for {
		req, err := a.sock.RecvMultipart(0)
		if err == nil {
			err = a.sock.SendMultipart(a.handle(req), 0)
		}
		if err != nil {
			if !errors.Is(err, ErrClosed) && !errors.Is(err, ETERM) {
				a.mu.Lock()
				a.err = fmt.Errorf("zmqffi: ZAP handler: %w", err)
				if a.logger != nil {
					a.logger.Error("zmqffi: ZAP handler stopped", "err", err)
				}
				a.mu.Unlock()
			}
			return
		}
	}
}

// handle answers one ZAP request: version, request id, domain, address,
// identity, mechanism, credentials...; the reply is version, request id,
// status code, status text, user id, metadata.
func (a *Authenticator) handle(req [][]byte) [][]byte {
	reply := func(id []byte, r ZAPReply) [][]byte {
		return [][]byte{[]byte("1.0"), id, []byte(strconv.Itoa(r.StatusCode)), []byte(r.StatusText),
			[]byte(r.UserID), encodeMetadata(r.Metadata)}
	}
	malformed := ZAPReply{StatusCode: 500, StatusText: "Malformed ZAP request"}
	if len(req) < 2 {
		return reply(nil, malformed)
	}
	id := req[1]
	if string(req[0]) != "1.0" || len(req) < 6 {
		return reply(id, malformed)
	}
	r := &ZAPRequest{Domain: string(req[2]), Address: string(req[3]), Identity: req[4],
		Mechanism: string(req[5]), Credentials: req[6:]}

	a.mu.Lock()
	ok, reason, user, md := a.decide(r.Domain, r.Address, r.Mechanism, r.Credentials)
	r.Rules = ZAPDeny("No access")
	if ok {
		r.Rules = ZAPAllow(user, md)
	}
	fn, logger := a.handler, a.logger
	a.mu.Unlock()
	out := r.Rules
	if fn != nil {
		var err error
		if out, err = checkReply(a.callHandler(fn, r)); err != nil && logger != nil {
			logger.Error("zmqffi: ZAP handler's reply", "err", err)
		}
		reason = "handler"
	}
	if logger != nil {
		logger.Debug("zmqffi: ZAP", "status", out.StatusCode, "reason", reason, "domain", r.Domain,
			"address", r.Address, "mechanism", r.Mechanism, "user", out.UserID)
	}
	return reply(id, out)
}

// decide applies the rules; it runs under a.mu.
func (a *Authenticator) decide(domain, address, mechanism string, creds [][]byte) (ok bool, reason, user string, md map[string]string) {
	ok, reason, user = a.decideRules(domain, address, mechanism, creds)
	if !ok && reason == errCurveNotAllowed {
		key, _ := Z85Encode(creds[0])
		for _, d := range []string{domain, AnyDomain} {
			if md, found := a.curveDirKey(d, key); found {
				return true, "CURVE certificate", key, md
			}
		}
	}
	return ok, reason, user, nil
}

// errCurveNotAllowed is decideRules' reason for a well-formed CURVE key it
// does not know, which the certificate directories may know.
const errCurveNotAllowed = "CURVE key not allowed"

func (a *Authenticator) decideRules(domain, address, mechanism string, creds [][]byte) (ok bool, reason, user string) {
	if len(a.allow) > 0 {
		if !a.allow[address] {
			return false, "address not in the allow list", ""
		}
	} else if a.deny[address] {
		return false, "address in the deny list", ""
	}
	switch mechanism {
	case "NULL":
		return true, "NULL", ""
	case "PLAIN":
		if len(creds) != 2 {
			return false, "malformed PLAIN credentials", ""
		}
		user, pass := string(creds[0]), string(creds[1])
		for _, d := range []string{domain, AnyDomain} {
			if p, found := a.plain[d][user]; found {
				if p == pass {
					return true, "PLAIN password", user
				}
				return false, "wrong PLAIN password", ""
			}
		}
		return false, "unknown PLAIN user", ""
	case "CURVE":
		if len(creds) != 1 || len(creds[0]) != curveKeyLen {
			return false, "malformed CURVE credentials", ""
		}
		key, _ := z85.Encode(creds[0])
		for _, d := range []string{domain, AnyDomain} {
			if a.curveAny[d] || a.curve[d][key] {
				return true, "CURVE key", key
			}
		}
		return false, errCurveNotAllowed, ""
	}
	return false, "mechanism " + mechanism + " not configured", ""
}
