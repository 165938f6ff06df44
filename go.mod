module github.com/zmqffi/zmqffi

go 1.25.0

require github.com/ebitengine/purego v0.11.3

require (
	github.com/stretchr/testify v1.12.1
	go.uber.org/goleak v1.3.0
	go.yaml.in/yaml/v3 v3.0.5 // indirect
)
