module github.com/pebbe/zmq4

go 1.25.0

require github.com/zmqffi/zmqffi v0.0.0
