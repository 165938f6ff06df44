module github.com/pebbe/zmq4

go 1.25.0

require github.com/zmqffi/zmqffi v0.0.0

require github.com/ebitengine/purego v0.11.3 // indirect

// For builds inside the zmqffi repository; a program replacing pebbe/zmq4
// with this module adds its own replace or require of zmqffi (README.md).
replace github.com/zmqffi/zmqffi => ../..
