package zmqffi

// ProbeCapability answers Has(capability) the way it is answered for
// libraries without zmq_has, whatever the library, so that the probes can be
// checked against zmq_has on 4.1 and later.
func ProbeCapability(c *Context, capability string) (bool, error) {
	var has bool
	err := c.live(func() (err error) {
		has, err = c.probe(capability)
		return err
	})
	return has, err
}
