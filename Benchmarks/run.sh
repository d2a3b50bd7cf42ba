#!/usr/bin/env bash
# The ConnectionCatalog benchmark in one command (see Benchmarks/README.md):
#   Benchmarks/run.sh                 # P1-P4, writes Benchmarks/results/latest.{json,md}
#   Benchmarks/run.sh --only p3,p4    # a subset; any option of Benchmarks/bench.py is passed on
# Installs what it needs when missing, builds the release binaries, then measures.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
[ -x /usr/bin/time ] || missing+=(time)
dpkg -s libsqlite3-dev >/dev/null 2>&1 || missing+=(libsqlite3-dev)
dpkg -s libxml2-dev >/dev/null 2>&1 || missing+=(libxml2-dev)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}" >&2
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get install -y -q "${missing[@]}" >&2 || { $SUDO apt-get update -q >&2 && $SUDO apt-get install -y -q "${missing[@]}" >&2; }
fi

# The release build as shipped: the Swift runtime linked statically. A dynamically
# linked conncat spends about 3 ms more loading libFoundation and friends at every start (P3).
swift build -c release --static-swift-stdlib --product conncat >&2
swift build -c release --static-swift-stdlib --product conncat-bench >&2
swift build -c release --static-swift-stdlib --product conncat-floor >&2

exec python3 Benchmarks/bench.py "$@"
