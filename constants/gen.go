package constants

// The release headers are not in the repository: point ZMQFFI_HEADER_DIR at a
// folder holding <version>/zmq.h for each release the tables cover (see
// internal/genconstants/README.md).
//go:generate go run ./internal/genconstants -o tables_gen.go -dir $ZMQFFI_HEADER_DIR
