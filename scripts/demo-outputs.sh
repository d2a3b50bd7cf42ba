#!/usr/bin/env bash
# Writes what every query command prints on the demo, in every format, into OUT_DIR: one file per
# command line (stdout, then stderr and the exit status). Run it with two builds and compare the
# folders (`diff -r`) to show that a refactoring changed no output:
#   scripts/demo-outputs.sh .build/debug/conncat /tmp/after
# The demo is imported, refreshed from a copy with a changed header, then refreshed from a folder
# whose HRFeed export is empty and which has no Finance export (two failures), so that history,
# diff and audit have something to say. Times are fixed.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: scripts/demo-outputs.sh CONNCAT_BINARY OUT_DIR" >&2; exit 64; }
root=$(cd "$(dirname "$0")/.." && pwd)
binary=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
mkdir -p "$2"
out=$(cd "$2" && pwd)
# A fixed folder and the files' own modification times: messages name the folder and history
# shows the times, so two runs must see the same ones.
work=${TMPDIR:-/tmp}/conncat-demo-outputs
rm -rf "$work" && mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
cp -Rp "$root/Fixtures/demo" "$work/demo"
cp -Rp "$root/Fixtures/demo" "$work/changed"
hr="$work/changed/Temp/ExportOutput/HRFeed.csv"
sed '1s/hire_date/start_date/' "$hr" > "$hr.new" && touch -r "$hr" "$hr.new" && mv "$hr.new" "$hr"
mkdir "$work/empty"
: > "$work/empty/HRFeed.csv"
touch -r "$hr" "$work/empty/HRFeed.csv"
# A fixed fingerprint key, so that fingerprints are the same from run to run.
printf '0123456789abcdef0123456789abcdef' > "$work/fingerprint.key"
chmod 600 "$work/fingerprint.key"
export CONNCAT_KEY_FILE="$work/fingerprint.key" COLUMNS=200
unset CONNCAT_DATABASE
cd "$work"

n=0
run() {
    n=$((n + 1))
    local name
    name=$(printf '%03d %s' "$n" "$*" | tr ' /' '_-')
    set +e
    "$binary" "$@" > "$out/$name" 2> "$out/$name.stderr"
    echo "exit $?" >> "$out/$name.stderr"
    set -e
}

run import demo --at 2026-11-29T08:00:00Z
run refresh-schema --export-dir changed/Temp/ExportOutput --at 2026-11-30T08:00:00Z
run refresh-schema --export-dir empty --connection HRFeed --connection FinanceDb --at 2026-12-01T08:00:00Z
for format in table json csv; do
    run connections --format "$format"
    run tables --format "$format"
    run tables --connection hrfeed --as-of 2026-11-29 --format "$format"
    run columns --format "$format"
    run columns --all --format "$format"
    run columns --unmapped --format "$format"
    run columns --entity-type HR_Person --format "$format"
    run columns --table adexport_entries.csv --format "$format"
    run columns --as-of 2026-11-29T12:00:00Z --format "$format"
    run settings --format "$format"
    run settings --connection ADExport --format "$format"
    run audit --format "$format"
    run audit --all --format "$format"
    run audit --since 2026-11-30 --format "$format"
    for connection in ADExport FinanceDb HRFeed SnowCmdb SnowTicket; do
        run history "$connection" --format "$format"
        run history "$connection" --files --format "$format"
        run diff "$connection" --format "$format"
    done
done
for format in table json sarif; do
    run check --format "$format"
    run check --fail-on warning --format "$format"
done
for format in table json markdown; do
    run check --list-rules --format "$format"
done
# Usage and catalog errors are output too.
run columns --as-of not-a-time
run tables --as-of 2026-02-30
run history NoSuchConnection
run diff HRFeed --from 999
run columns --connection x --table y
run connections --database missing.sqlite
echo "$n command lines written to $out"
