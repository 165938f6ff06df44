#!/bin/sh
# Build the libzmq 2.x / 3.x ABI emulation libraries used to test zmqffi's
# old-ABI backends (see zmqcompat.c). Usage: build.sh OUTDIR
set -eu

if [ "$#" -ne 1 ]; then
    echo "usage: $0 OUTDIR" >&2
    exit 2
fi
outdir=$1
src=$(cd "$(dirname "$0")" && pwd)/zmqcompat.c
CC=${CC:-gcc}

mkdir -p "$outdir"
for major in 2 3; do
    out=$outdir/libzmq-compat$major.so
    echo "building $out (libzmq $major.x ABI)"
    "$CC" -shared -fPIC -O2 -fvisibility=hidden -DCOMPAT_MAJOR=$major \
        -o "$out" "$src" -ldl
done
