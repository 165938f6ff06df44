# Sourced by scripts/test and scripts/bench/arm64: readies a Linux machine of
# another architecture to run linux/arm64 binaries under qemu-user, with
# Debian's libzmq5:arm64 (multiarch) and gcc-aarch64-linux-gnu for the C test
# libraries, installing what is missing with apt-get.
#
# arm64_ready returns 0 with ARM64_QEMU set to the emulator command, or 1
# after saying why on stderr. ZMQFFI_ARM64=0 turns it off.
arm64_ready() {
	if [ "${ZMQFFI_ARM64:-1}" = 0 ]; then
		echo "    ZMQFFI_ARM64=0: not run" >&2
		return 1
	fi
	if [ "$(uname -s)" != Linux ]; then
		echo "    needs Linux with qemu-user (this is $(uname -s))" >&2
		return 1
	fi
	if [ "$(uname -m)" = aarch64 ]; then
		echo "    this machine is arm64: the other steps ran on it natively" >&2
		return 1
	fi
	local want=()
	ARM64_QEMU=""
	for q in qemu-aarch64 qemu-aarch64-static; do
		if command -v "$q" >/dev/null 2>&1; then ARM64_QEMU=$q; break; fi
	done
	[ -n "$ARM64_QEMU" ] || want+=(qemu-user)
	command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || want+=(gcc-aarch64-linux-gnu)
	[ -e /lib/ld-linux-aarch64.so.1 ] || want+=(libc6:arm64)
	ls /usr/lib/aarch64-linux-gnu/libzmq.so.5* >/dev/null 2>&1 || want+=(libzmq5:arm64)
	if [ ${#want[@]} -gt 0 ]; then
		if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg >/dev/null 2>&1; then
			echo "    missing ${want[*]}, and there is no apt-get to install them" >&2
			return 1
		fi
		local sudo=""
		[ "$(id -u)" -eq 0 ] || sudo="sudo -n"
		echo "    installing ${want[*]} (apt-get, multiarch arm64)" >&2
		if ! { dpkg --print-foreign-architectures | grep -qx arm64 || $sudo dpkg --add-architecture arm64; } ||
			! $sudo apt-get update -qq >/dev/null 2>&1 ||
			! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${want[@]}" >/dev/null 2>&1; then
			echo "    could not install ${want[*]} (needs root or password-less sudo, and an apt source that serves arm64)" >&2
			return 1
		fi
		for q in qemu-aarch64 qemu-aarch64-static; do
			if command -v "$q" >/dev/null 2>&1; then ARM64_QEMU=$q; break; fi
		done
	fi
	if ! "$ARM64_QEMU" --version >/dev/null 2>&1; then
		echo "    $ARM64_QEMU does not run" >&2
		return 1
	fi
	export ARM64_QEMU
}

# arm64_libzmq_version prints the version of the libzmq5:arm64 package.
arm64_libzmq_version() {
	dpkg-query -W -f '${Version}' libzmq5:arm64 2>/dev/null || echo unknown
}
