// Copyright (c) 2013-2018, Peter Kleiweg. All rights reserved.
// Use of this source code is governed by the BSD-2-Clause license of
// github.com/pebbe/zmq4, reproduced in LICENSE.pebbe in this directory.
// Ported to zmqffi: the rules are pebbe/zmq4's; the ZAP handler is the
// zmqffi Authenticator of the default context, which asks auth_decide.

/*

This file implements functionality very similar to that of the xauth module in czmq.

Notable differences in here:

 - domains are supported
 - domains are used in AuthAllow and AuthDeny too
 - usernames/passwords are read from memory, not from file
 - public keys are read from memory, not from file
 - an address can be a single IP address, or an IP address and mask in CIDR notation
 - additional functions for configuring server or client socket with a single command

*/

package zmq4

import (
	"errors"
	"log"
	"net"
	"sync"

	"github.com/zmqffi/zmqffi"
)

// CURVE_ALLOW_ANY, given to AuthCurveAdd as a key, admits every CURVE client.
const CURVE_ALLOW_ANY = "*"

// auth_lock guards the rules below, which the ZAP handler reads on its
// goroutine.
var (
	auth_lock sync.RWMutex
	auth_run  *zmqffi.Authenticator

	auth_verbose_value = false
	auth_verbose_lock  sync.RWMutex

	auth_allow     = make(map[string]map[string]bool)
	auth_deny      = make(map[string]map[string]bool)
	auth_allow_net = make(map[string][]*net.IPNet)
	auth_deny_net  = make(map[string][]*net.IPNet)

	auth_users = make(map[string]map[string]string)

	auth_pubkeys = make(map[string]map[string]bool)

	auth_meta_handler = auth_meta_handler_default
)

func auth_verbose() bool {
	auth_verbose_lock.RLock()
	value := auth_verbose_value
	auth_verbose_lock.RUnlock()
	return value
}

func auth_verbose_set(value bool) {
	auth_verbose_lock.Lock()
	auth_verbose_value = value
	auth_verbose_lock.Unlock()
}

func auth_meta_handler_default(version, request_id, domain, address, identity, mechanism string, credentials ...string) (metadata map[string]string) {
	return map[string]string{}
}

func auth_isIP(addr string) bool {
	if net.ParseIP(addr) != nil {
		return true
	}
	if _, _, err := net.ParseCIDR(addr); err == nil {
		return true
	}
	return false
}

func auth_is_allowed(domain, address string) bool {
	for _, d := range []string{domain, "*"} {
		if a, ok := auth_allow[d]; ok {
			if a[address] {
				return true
			}
		}
	}
	addr := net.ParseIP(address)
	if addr != nil {
		for _, d := range []string{domain, "*"} {
			if a, ok := auth_allow_net[d]; ok {
				for _, m := range a {
					if m.Contains(addr) {
						return true
					}
				}
			}
		}
	}
	return false
}

func auth_is_denied(domain, address string) bool {
	for _, d := range []string{domain, "*"} {
		if a, ok := auth_deny[d]; ok {
			if a[address] {
				return true
			}
		}
	}
	addr := net.ParseIP(address)
	if addr != nil {
		for _, d := range []string{domain, "*"} {
			if a, ok := auth_deny_net[d]; ok {
				for _, m := range a {
					if m.Contains(addr) {
						return true
					}
				}
			}
		}
	}
	return false
}

func auth_has_allow(domain string) bool {
	for _, d := range []string{domain, "*"} {
		if a, ok := auth_allow[d]; ok {
			if len(a) > 0 || len(auth_allow_net[d]) > 0 {
				return true
			}
		}
	}
	return false
}

func auth_has_deny(domain string) bool {
	for _, d := range []string{domain, "*"} {
		if a, ok := auth_deny[d]; ok {
			if len(a) > 0 || len(auth_deny_net[d]) > 0 {
				return true
			}
		}
	}
	return false
}

// auth_decide answers one ZAP request by the rules, as pebbe/zmq4's handler
// did; the zmqffi Authenticator does the ZAP protocol.
func auth_decide(req *zmqffi.ZAPRequest) zmqffi.ZAPReply {
	auth_lock.RLock()
	allowed, meta := auth_decide_locked(req)
	auth_lock.RUnlock()
	if !allowed {
		return zmqffi.ZAPReply{StatusCode: 400, StatusText: "NO ACCESS"}
	}
	credentials := make([]string, len(req.Credentials))
	for i, c := range req.Credentials {
		credentials[i] = string(c)
	}
	// The handler runs unlocked: it may change the rules.
	m := meta("1.0", "", req.Domain, req.Address, string(req.Identity), req.Mechanism, credentials...)
	user_id := ""
	metadata := make(map[string]string, len(m))
	for key, value := range m {
		if key == "User-Id" {
			user_id = value
		} else if len(key) < 256 {
			metadata[key] = value
		}
	}
	reply := zmqffi.ZAPAllow(user_id, metadata)
	reply.StatusText = "OK"
	return reply
}

func auth_decide_locked(req *zmqffi.ZAPRequest) (bool, func(version, request_id, domain, address, identity, mechanism string, credentials ...string) map[string]string) {
	domain := req.Domain
	address := req.Address
	mechanism := req.Mechanism

	username := ""
	password := ""
	client_key := ""
	if mechanism == "PLAIN" && len(req.Credentials) >= 2 {
		username = string(req.Credentials[0])
		password = string(req.Credentials[1])
	} else if mechanism == "CURVE" {
		client_key = req.CurveKey()
	}

	allowed := false
	denied := false

	if auth_has_allow(domain) {
		if auth_is_allowed(domain, address) {
			allowed = true
			if auth_verbose() {
				log.Printf("AUTH: PASSED (whitelist) domain=%q address=%q\n", domain, address)
			}
		} else {
			denied = true
			if auth_verbose() {
				log.Printf("AUTH: DENIED (not in whitelist) domain=%q address=%q\n", domain, address)
			}
		}
	} else if auth_has_deny(domain) {
		if auth_is_denied(domain, address) {
			denied = true
			if auth_verbose() {
				log.Printf("AUTH: DENIED (blacklist) domain=%q address=%q\n", domain, address)
			}
		} else {
			allowed = true
			if auth_verbose() {
				log.Printf("AUTH: PASSED (not in blacklist) domain=%q address=%q\n", domain, address)
			}
		}
	}

	// Mechanism-specific checks
	if !denied {
		if mechanism == "NULL" && !allowed {
			// For NULL, we allow if the address wasn't blacklisted
			if auth_verbose() {
				log.Printf("AUTH: ALLOWED (NULL)\n")
			}
			allowed = true
		} else if mechanism == "PLAIN" {
			// For PLAIN, even a whitelisted address must authenticate
			allowed = authenticate_plain(domain, username, password)
		} else if mechanism == "CURVE" {
			// For CURVE, even a whitelisted address must authenticate
			allowed = authenticate_curve(domain, client_key)
		}
	}
	return allowed, auth_meta_handler
}

func authenticate_plain(domain, username, password string) bool {
	for _, dom := range []string{domain, "*"} {
		if m, ok := auth_users[dom]; ok {
			if m[username] == password {
				if auth_verbose() {
					log.Printf("AUTH: ALLOWED (PLAIN) domain=%q username=%q password=%q\n", dom, username, password)
				}
				return true
			}
		}
	}
	if auth_verbose() {
		log.Printf("AUTH: DENIED (PLAIN) domain=%q username=%q password=%q\n", domain, username, password)
	}
	return false
}

func authenticate_curve(domain, client_key string) bool {
	for _, dom := range []string{domain, "*"} {
		if m, ok := auth_pubkeys[dom]; ok {
			if m[CURVE_ALLOW_ANY] {
				if auth_verbose() {
					log.Printf("AUTH: ALLOWED (CURVE any client) domain=%q\n", dom)
				}
				return true
			}
			if m[client_key] {
				if auth_verbose() {
					log.Printf("AUTH: ALLOWED (CURVE) domain=%q client_key=%q\n", dom, client_key)
				}
				return true
			}
		}
	}
	if auth_verbose() {
		log.Printf("AUTH: DENIED (CURVE) domain=%q client_key=%q\n", domain, client_key)
	}
	return false
}

// Start authentication.
//
// Note that until you add policies, all incoming NULL connections are allowed
// (classic ZeroMQ behaviour), and all PLAIN and CURVE connections are denied.
func AuthStart() (err error) {
	auth_lock.Lock()
	defer auth_lock.Unlock()
	if auth_run != nil {
		if auth_verbose() {
			log.Println("AUTH: Already running")
		}
		return errors.New("Auth is already running")
	}
	ctx, err := defaultContext()
	if err != nil {
		return err
	}
	a, err := ctx.c.StartAuth()
	if err != nil {
		return ctx.errget(err)
	}
	a.SetHandler(auth_decide)
	auth_run = a
	if auth_verbose() {
		log.Println("AUTH: Starting")
	}
	return nil
}

// Stop authentication.
func AuthStop() {
	auth_lock.Lock()
	a := auth_run
	auth_run = nil
	auth_lock.Unlock()
	if a == nil {
		if auth_verbose() {
			log.Println("AUTH: Not running, can't stop")
		}
		return
	}
	if auth_verbose() {
		log.Println("AUTH: Stopping")
	}
	if err := a.Stop(); err != nil && auth_verbose() {
		log.Println("AUTH: Stopping:", err)
	}
	if auth_verbose() {
		log.Println("AUTH: Stopped")
	}
}

// Allow (whitelist) some addresses for a domain.
//
// An address can be a single IP address, or an IP address and mask in CIDR notation.
//
// For NULL, all clients from these addresses will be accepted.
//
// For PLAIN and CURVE, they will be allowed to continue with authentication.
//
// You can call this method multiple times to whitelist multiple IP addresses.
//
// If you whitelist a single address for a domain, any non-whitelisted addresses
// for that domain are treated as blacklisted.
//
// Use domain "*" for all domains.
//
// For backward compatibility: if domain can be parsed as an IP address, it will be
// interpreted as another address, and it and all remaining addresses will be added
// to all domains.
func AuthAllow(domain string, addresses ...string) {
	auth_lock.Lock()
	defer auth_lock.Unlock()
	if auth_isIP(domain) {
		auth_allow_for_domain("*", domain)
		auth_allow_for_domain("*", addresses...)
	} else {
		auth_allow_for_domain(domain, addresses...)
	}
}

func auth_allow_for_domain(domain string, addresses ...string) {
	if _, ok := auth_allow[domain]; !ok {
		auth_allow[domain] = make(map[string]bool)
		auth_allow_net[domain] = make([]*net.IPNet, 0)
	}
	for _, address := range addresses {
		if _, ipnet, err := net.ParseCIDR(address); err == nil {
			auth_allow_net[domain] = append(auth_allow_net[domain], ipnet)
		} else if net.ParseIP(address) != nil {
			auth_allow[domain][address] = true
		} else {
			if auth_verbose() {
				log.Printf("AUTH: Allow for domain %q: %q is not a valid address or network\n", domain, address)
			}
		}
	}
}

// Deny (blacklist) some addresses for a domain.
//
// An address can be a single IP address, or an IP address and mask in CIDR notation.
//
// For all security mechanisms, this rejects the connection without any further authentication.
//
// Use either a whitelist for a domain, or a blacklist for a domain, not both.
// If you define both a whitelist and a blacklist for a domain, only the whitelist takes effect.
//
// Use domain "*" for all domains.
//
// For backward compatibility: if domain can be parsed as an IP address, it will be
// interpreted as another address, and it and all remaining addresses will be added
// to all domains.
func AuthDeny(domain string, addresses ...string) {
	auth_lock.Lock()
	defer auth_lock.Unlock()
	if auth_isIP(domain) {
		auth_deny_for_domain("*", domain)
		auth_deny_for_domain("*", addresses...)
	} else {
		auth_deny_for_domain(domain, addresses...)
	}
}

func auth_deny_for_domain(domain string, addresses ...string) {
	if _, ok := auth_deny[domain]; !ok {
		auth_deny[domain] = make(map[string]bool)
		auth_deny_net[domain] = make([]*net.IPNet, 0)
	}
	for _, address := range addresses {
		if _, ipnet, err := net.ParseCIDR(address); err == nil {
			auth_deny_net[domain] = append(auth_deny_net[domain], ipnet)
		} else if net.ParseIP(address) != nil {
			auth_deny[domain][address] = true
		} else {
			if auth_verbose() {
				log.Printf("AUTH: Deny for domain %q: %q is not a valid address or network\n", domain, address)
			}
		}
	}
}

// Add a user for PLAIN authentication for a given domain.
//
// Set `domain` to "*" to apply to all domains.
func AuthPlainAdd(domain, username, password string) {
	auth_lock.Lock()
	defer auth_lock.Unlock()
	if _, ok := auth_users[domain]; !ok {
		auth_users[domain] = make(map[string]string)
	}
	auth_users[domain][username] = password
}

// Remove users from PLAIN authentication for a given domain.
func AuthPlainRemove(domain string, usernames ...string) {
	auth_lock.Lock()
	defer auth_lock.Unlock()
	if u, ok := auth_users[domain]; ok {
		for _, username := range usernames {
			delete(u, username)
		}
	}
}

// Remove all users from PLAIN authentication for a given domain.
func AuthPlainRemoveAll(domain string) {
	auth_lock.Lock()
	defer auth_lock.Unlock()
	delete(auth_users, domain)
}

// Add public user keys for CURVE authentication for a given domain.
//
// To cover all domains, use "*".
//
// Public keys are in Z85 printable text format.
//
// To allow all client keys without checking, specify CURVE_ALLOW_ANY for the key.
func AuthCurveAdd(domain string, pubkeys ...string) {
	auth_lock.Lock()
	defer auth_lock.Unlock()
	if _, ok := auth_pubkeys[domain]; !ok {
		auth_pubkeys[domain] = make(map[string]bool)
	}
	for _, key := range pubkeys {
		auth_pubkeys[domain][key] = true
	}
}

// Remove user keys from CURVE authentication for a given domain.
func AuthCurveRemove(domain string, pubkeys ...string) {
	auth_lock.Lock()
	defer auth_lock.Unlock()
	if p, ok := auth_pubkeys[domain]; ok {
		for _, pubkey := range pubkeys {
			delete(p, pubkey)
		}
	}
}

// Remove all user keys from CURVE authentication for a given domain.
func AuthCurveRemoveAll(domain string) {
	auth_lock.Lock()
	defer auth_lock.Unlock()
	delete(auth_pubkeys, domain)
}

// Enable verbose tracing of commands and activity.
func AuthSetVerbose(verbose bool) {
	auth_verbose_set(verbose)
}

/*
This function sets the metadata handler that is called by the ZAP
handler to retrieve key/value properties that should be set on reply
messages in case of a status code "200" (succes).

Default properties are `Socket-Type`, which is already set, and
`Identity` and `User-Id` that are empty by default. The last two can be
set, and more properties can be added.

The `User-Id` property is used for the `user id` frame of the reply
message. All other properties are stored in the `metadata` frame of the
reply message.

The default handler returns an empty map.

For the meaning of the handler arguments, and other details, see:
http://rfc.zeromq.org/spec:27#toc10
*/
func AuthSetMetadataHandler(
	handler func(
		version, request_id, domain, address, identity, mechanism string, credentials ...string) (metadata map[string]string)) {
	auth_lock.Lock()
	defer auth_lock.Unlock()
	auth_meta_handler = handler
}

/*
This encodes a key/value pair into the format used by a ZAP handler.

Returns an error if key is more then 255 characters long.
*/
func AuthMetaBlob(key, value string) (blob []byte, err error) {
	if len(key) > 255 {
		return []byte{}, errors.New("Key too long")
	}
	return auth_meta_blob(key, value), nil
}

func auth_meta_blob(name, value string) []byte {
	l1 := len(name)
	l2 := len(value)
	b := make([]byte, l1+l2+5)
	b[0] = byte(l1)
	b[l1+1] = byte(l2 >> 24 & 255)
	b[l1+2] = byte(l2 >> 16 & 255)
	b[l1+3] = byte(l2 >> 8 & 255)
	b[l1+4] = byte(l2 & 255)
	copy(b[1:], []byte(name))
	copy(b[5+l1:], []byte(value))
	return b
}

//. Additional functions for configuring server or client socket with a single command

// Set NULL server role.
func (server *Socket) ServerAuthNull(domain string) error {
	err := server.SetPlainServer(0)
	if err == nil {
		err = server.SetZapDomain(domain)
	}
	return err
}

// Set PLAIN server role.
func (server *Socket) ServerAuthPlain(domain string) error {
	err := server.SetPlainServer(1)
	if err == nil {
		err = server.SetZapDomain(domain)
	}
	return err
}

// Set CURVE server role.
func (server *Socket) ServerAuthCurve(domain, secret_key string) error {
	err := server.SetCurveServer(1)
	if err == nil {
		err = server.SetCurveSecretkey(secret_key)
	}
	if err == nil {
		err = server.SetZapDomain(domain)
	}
	return err
}

// Set PLAIN client role.
func (client *Socket) ClientAuthPlain(username, password string) error {
	err := client.SetPlainUsername(username)
	if err == nil {
		err = client.SetPlainPassword(password)
	}
	return err
}

// Set CURVE client role.
func (client *Socket) ClientAuthCurve(server_public_key, client_public_key, client_secret_key string) error {
	err := client.SetCurveServerkey(server_public_key)
	if err == nil {
		err = client.SetCurvePublickey(client_public_key)
	}
	if err == nil {
		client.SetCurveSecretkey(client_secret_key)
	}
	return err
}

// Helper function to derive z85 public key from secret key
//
// The key is derived in Go (zmqffi.CurvePublic), on every libzmq version.
func AuthCurvePublic(z85SecretKey string) (z85PublicKey string, err error) {
	pub, err := zmqffi.CurvePublic(z85SecretKey)
	if err != nil {
		return "", err
	}
	return pub, nil
}
