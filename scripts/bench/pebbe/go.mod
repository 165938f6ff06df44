module github.com/zmqffi/zmqffi/scripts/bench/pebbe

go 1.25.0

require github.com/pebbe/zmq4 v1.4.0
