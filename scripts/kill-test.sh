#!/usr/bin/env bash
# Durability test: kills `conncat import` and `conncat refresh-schema` with SIGKILL at random
# moments and checks, after each kill, that the catalog passes `PRAGMA integrity_check` and holds
# exactly the state before the command or the state after it, never a mixture.
#
#   scripts/kill-test.sh [runs]        (default 100)
#
# Environment: KILL_SEED (random seed, default 1), KILL_CONNECTIONS (size of the generated
# working directories, default 1000: an import takes 1 to 2 seconds in a release build),
# KILL_DIR (scratch folder, default .build/kill-test), KILL_FIRST=1 (every run is a first import:
# there is no catalog before it, and a killed run must leave none, or the whole import).
#
# It builds conncat and conncat-fuzz in release mode, generates two variants of a large working
# directory (conncat-fuzz generate-workdir), imports the first into a base catalog, and computes
# the two expected end states by running each command to completion on a copy. Each run then
# copies the base catalog, starts one command (import of the second variant, or refresh-schema
# from its exports; alternately) and kills it: in half of the runs after a random delay between 0
# and 1.1 times the command's duration, in the other half once its write-ahead log passed 64 KiB
# (its write transaction has begun), within 1.2 times what the full run took from there to its
# end (the writes, the commit, the checkpoint on close). Then it compares the catalog's state
# with the known ones.
# With KILL_FIRST=1 each run imports the second variant where there is no catalog yet; the
# catalog is built under a hidden temporary name and moved into place once complete, so the state
# before is "no catalog" (and the leftovers of a killed run must not stop the next one).
# A state is: integrity, foreign key check, import and refresh attempt counts, and a SHA-256 of
# `conncat columns --format json`. Exit status 0 when every run passed.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-100}
seed=${KILL_SEED:-1}
connections=${KILL_CONNECTIONS:-1000}
work=${KILL_DIR:-.build/kill-test}

if ! command -v sqlite3 >/dev/null; then
    echo "installing sqlite3 (needed for PRAGMA integrity_check)..."
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q sqlite3 >/dev/null
fi

echo "building conncat and conncat-fuzz (release)..."
mkdir -p "$work"
swift build -c release --static-swift-stdlib --product conncat >"$work/build.log" 2>&1 || { tail -20 "$work/build.log"; exit 2; }
swift build -c release --static-swift-stdlib --product conncat-fuzz >>"$work/build.log" 2>&1 || { tail -20 "$work/build.log"; exit 2; }
bin=$(swift build -c release --static-swift-stdlib --show-bin-path)
conncat="$bin/conncat"

rm -rf "$work/a" "$work/b" "$work"/*.sqlite*
"$bin/conncat-fuzz" generate-workdir "$work/a" --connections "$connections" --variant a >/dev/null
"$bin/conncat-fuzz" generate-workdir "$work/b" --connections "$connections" --variant b >/dev/null
"$conncat" import "$work/a" --at 2026-10-29T08:00:00Z --database "$work/base.sqlite" >/dev/null

# The state of a catalog as one line; a damaged catalog prints what is wrong.
state() {
    local db=$1 integrity foreign
    [ -e "$db" ] || { echo "no catalog"; return; }
    [ "$(sqlite3 "$db" "PRAGMA journal_mode")" = "wal" ] || { echo "NOT IN WAL MODE"; return; }
    integrity=$(sqlite3 "$db" "PRAGMA integrity_check" 2>&1 | tr '\n' ' ')
    [ "$integrity" = "ok " ] || { echo "INTEGRITY: $integrity"; return; }
    foreign=$(sqlite3 "$db" "PRAGMA foreign_key_check" 2>&1 | head -3 | tr '\n' ' ')
    [ -z "$foreign" ] || { echo "FOREIGN KEYS: $foreign"; return; }
    local imports attempts columns
    imports=$(sqlite3 "$db" "SELECT COUNT(*) FROM import_run")
    attempts=$(sqlite3 "$db" "SELECT COUNT(*) FROM refresh_attempt")
    columns=$("$conncat" columns --format json --database "$db" 2>&1 | sha256sum | cut -c1-16)
    echo "$imports imports, $attempts refresh attempts, columns $columns"
}

# The command of run kind $1 on catalog $2.
command_of() {
    case "$1" in
        import) echo "$conncat import $work/b --at 2026-10-30T08:00:00Z --database $2" ;;
        refresh) echo "$conncat refresh-schema --export-dir $work/b/Temp/ExportOutput --at 2026-10-30T08:00:00Z --database $2" ;;
    esac
}

fresh_copy() {
    rm -f "$1" "$1-wal" "$1-shm"
    [ "${KILL_FIRST:-0}" = 1 ] || cp "$work/base.sqlite" "$1"
}

# The hidden file a first import builds its catalog in, or "$1" itself.
building_file() {
    local found
    found=$(ls -1 "$(dirname "$1")/.$(basename "$1").partial-"* 2>/dev/null | grep -v -e '-wal$' -e '-shm$' -e '-journal$' | head -1)
    echo "${found:-$1}"
}

# Waits until the command $1 (a pid) has ended or its write-ahead log $2 has passed 64 KiB (its
# write transaction has begun: opening the catalog writes less), polling every 5 ms.
wait_for_writing() {
    local watched=$2
    while [ "$(ps -o stat= -p "$1" 2>/dev/null | cut -c1)" != "Z" ] && kill -0 "$1" 2>/dev/null; do
        # A first import writes its hidden file, without a log: past 1 MiB its import has begun.
        if [ "${KILL_FIRST:-0}" = 1 ]; then
            watched=$(building_file "${2%-wal}")
            [ "$(stat -c %s "$watched" 2>/dev/null || echo 0)" -lt 1048576 ] || break
        else
            [ "$(stat -c %s "$watched" 2>/dev/null || echo 0)" -lt 65536 ] || break
        fi
        sleep 0.005
    done
}

kinds="import refresh"
before=$(state "$work/base.sqlite")
if [ "${KILL_FIRST:-0}" = 1 ]; then
    kinds="import"
    before="no catalog"
fi
declare -A after duration_ms writing_ms
for kind in $kinds; do
    fresh_copy "$work/full.sqlite"
    start=$(date +%s%N)
    $(command_of $kind "$work/full.sqlite") >/dev/null &
    pid=$!
    wait_for_writing "$pid" "$work/full.sqlite-wal"
    writing=$(date +%s%N)
    wait "$pid"
    end=$(date +%s%N)
    duration_ms[$kind]=$(( (end - start) / 1000000 ))
    writing_ms[$kind]=$(( (end - writing) / 1000000 ))
    after[$kind]=$(state "$work/full.sqlite")
    [ "${after[$kind]}" != "$before" ] || { echo "the $kind changes nothing: cannot tell before from after"; exit 2; }
done
echo "before:        $before"
echo "after import:  ${after[import]} (${duration_ms[import]} ms, the last ${writing_ms[import]} ms writing)"
[ -z "${after[refresh]:-}" ] \
    || echo "after refresh: ${after[refresh]} (${duration_ms[refresh]} ms, the last ${writing_ms[refresh]} ms writing)"

RANDOM=$seed
: >"$work/runs.log"
passed=0 failed=0 as_before=0 as_after=0 finished=0 killed_after_commit=0
for run in $(seq 1 "$runs"); do
    kind=$([ $(( run % 2 )) -eq 1 ] || [ "${KILL_FIRST:-0}" = 1 ] && echo import || echo refresh)
    db="$work/run.sqlite"
    fresh_copy "$db"
    $(command_of $kind "$db") >/dev/null 2>&1 &
    pid=$!
    if [ $(( (run - 1) / 2 % 2 )) -eq 0 ]; then
        # Any moment: from the start to a little past the command's usual end.
        mode=anytime
        delay=$(( (RANDOM * 32768 + RANDOM) % (duration_ms[$kind] * 11 / 10 + 1) ))
    else
        # While it writes: once its write transaction has begun, within 1.2 times the time from
        # there to the end of the full run (the writes, the commit, the checkpoint on close).
        mode=writing
        wait_for_writing "$pid" "$db-wal"
        delay=$(( (RANDOM * 32768 + RANDOM) % (writing_ms[$kind] * 12 / 10 + 1) ))
    fi
    sleep "$(printf '%d.%03d' $(( delay / 1000 )) $(( delay % 1000 )))"
    kill -9 "$pid" 2>/dev/null || true
    set +e; wait "$pid" 2>/dev/null; code=$?; set -e
    case "$code" in
        137) ;;                               # killed
        0) finished=$(( finished + 1 )) ;;    # it had ended before the kill
        *) echo "run $run ($kind): the command itself failed with exit code $code" ;;
    esac
    # Keep the files as the kill left them, for a failure report.
    rm -f "$work/raw.sqlite" "$work/raw.sqlite-wal"
    [ -f "$db" ] && cp "$db" "$work/raw.sqlite"; [ -f "$db-wal" ] && cp "$db-wal" "$work/raw.sqlite-wal"
    now=$(state "$db")
    echo "run $run: $kind, $mode, kill after $delay ms (full run ${duration_ms[$kind]} ms), exit $code: $now" >>"$work/runs.log"
    if [ "$now" = "$before" ]; then
        passed=$(( passed + 1 )); as_before=$(( as_before + 1 ))
    elif [ "$now" = "${after[$kind]}" ]; then
        passed=$(( passed + 1 )); as_after=$(( as_after + 1 ))
        [ "$code" -eq 137 ] && killed_after_commit=$(( killed_after_commit + 1 ))
    else
        failed=$(( failed + 1 ))
        [ -f "$work/raw.sqlite" ] && mv "$work/raw.sqlite" "$work/failed-run$run.sqlite"
        [ -f "$work/raw.sqlite-wal" ] && mv "$work/raw.sqlite-wal" "$work/failed-run$run.sqlite-wal"
        echo "run $run ($kind, $mode, killed after $delay ms): FAILED: $now (kept as $work/failed-run$run.sqlite)"
    fi
    if [ "${KILL_FIRST:-0}" = 1 ]; then
        # The next first import removes what a killed one left, and succeeds.
        rm -f "$db" "$db-wal" "$db-shm"
        if ! $(command_of import "$db") >/dev/null 2>&1 || [ "$(state "$db")" != "${after[import]}" ] \
            || ls -1a "$work" | grep -q '^\.run\.sqlite\.partial-'; then
            failed=$(( failed + 1 ))
            echo "run $run: the next first import did not succeed cleanly after the kill"
        fi
    fi
    [ $(( run % 10 )) -eq 0 ] && echo "  $run runs: $passed passed, $failed failed"
done
echo "kill test: $runs runs (seed $seed, $connections connections): $passed passed ($as_before as before, $as_after as after;" \
    "$killed_after_commit killed after their commit, $finished ended before the kill), $failed failed; details in $work/runs.log"
[ "$failed" -eq 0 ]
