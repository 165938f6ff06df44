# Sourced by the scripts in scripts/: installs what they need on a Debian or
# Ubuntu machine when it is missing. Usage: ensure_deps runtime|dev
ensure_deps() {
	local want=() have_lib=0
	for d in /usr/lib/x86_64-linux-gnu /usr/lib/aarch64-linux-gnu /usr/lib64 /usr/lib /usr/local/lib; do
		if ls "$d"/libzmq.so.5* >/dev/null 2>&1; then have_lib=1; fi
	done
	[ "$have_lib" = 1 ] || want+=(libzmq5)
	if [ "${1:-runtime}" = dev ]; then
		[ -e /usr/include/zmq.h ] || want+=(libzmq3-dev)
		command -v gcc >/dev/null 2>&1 || want+=(gcc libc6-dev)
		# pyzmq writes the certificate files the ZAP tests read back.
		/usr/bin/python3 -c 'import zmq.auth' >/dev/null 2>&1 || want+=(python3-zmq)
	fi
	if [ ${#want[@]} -gt 0 ]; then
		echo "==> installing ${want[*]} (apt-get)"
		local sudo=""
		[ "$(id -u)" -eq 0 ] || sudo=sudo
		$sudo apt-get update -qq
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${want[@]}" >/dev/null
	fi
	if ! command -v go >/dev/null 2>&1; then
		echo "error: the Go toolchain (go) is not on PATH; install Go 1.25 or newer" >&2
		exit 1
	fi
}
