#!/usr/bin/env bash
# Long fuzzing runs of the three input readers (XML configuration, agent settings JSON, CSV
# headers). Builds conncat-fuzz in release mode and runs it in slices of at most 60 seconds, each
# with the next random seed, so that a crash costs one slice and the run goes on.
#
#   scripts/fuzz.sh [seconds] [--libfuzzer]
#
# seconds      total time, shared by the three readers (default 600)
# --libfuzzer  coverage-guided libFuzzer instead (swift build -Xswiftc -sanitize=fuzzer, its own
#              build folder .build-fuzz); the readers get a third of the time each
#
# Seeds: Fixtures/demo and Fixtures/hostile. Crashing, hanging and contract-breaking inputs are
# saved to $FUZZ_OUT/crashes (default .build/fuzz/crashes); replay one with
#   .build/release/conncat-fuzz replay --reader xml FILE
# Exit status: 0 when nothing was found, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=600
mode=mutation
for argument in "$@"; do
    case "$argument" in
        --libfuzzer) mode=libfuzzer ;;
        ''|*[!0-9]*) echo "usage: scripts/fuzz.sh [seconds] [--libfuzzer]" >&2; exit 64 ;;
        *) seconds=$argument ;;
    esac
done
out=${FUZZ_OUT:-.build/fuzz}
crashes="$out/crashes"
mkdir -p "$crashes"
seeds=(Fixtures/demo Fixtures/hostile)

if [ "$mode" = libfuzzer ]; then
    echo "building conncat-fuzz for libFuzzer (release, .build-fuzz)..."
    swift build -c release --static-swift-stdlib --product conncat-fuzz --build-path .build-fuzz \
        -Xswiftc -sanitize=fuzzer -Xswiftc -DCONNCAT_LIBFUZZER >"$out/build-libfuzzer.log" 2>&1 \
        || { tail -20 "$out/build-libfuzzer.log"; exit 2; }
    binary=.build-fuzz/release/conncat-fuzz
    status=0
    total=0
    per_reader=$(( seconds / 3 > 0 ? seconds / 3 : 1 ))
    for reader in xml json csv; do
        corpus="$out/corpus-$reader"
        mkdir -p "$corpus"
        # libFuzzer keeps the inputs that reach new code in the corpus folder; seeds start it.
        find "${seeds[@]}" -type f -iname "*.$reader" -size -256k -exec cp {} "$corpus/" \;
        log="$out/libfuzzer-$reader.log"
        set +e
        CONNCAT_FUZZ_READER=$reader SWIFT_BACKTRACE=enable=no "$binary" "$corpus" \
            -max_total_time="$per_reader" -max_len=65536 -timeout=20 -rss_limit_mb=4096 \
            -artifact_prefix="$crashes/libfuzzer-$reader-" -print_final_stats=1 >"$log" 2>&1
        code=$?
        set -e
        runs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}' | tail -1)
        runs=${runs:-0}
        total=$(( total + runs ))
        echo "$reader: $runs executions (libFuzzer), exit $code, corpus $(ls "$corpus" | wc -l) inputs"
        [ "$code" -ne 0 ] && { status=1; grep -E 'ERROR|Fatal|crash|Test unit written' "$log" | head -5; }
    done
    echo "total: $total executions; saved inputs: $(ls "$crashes" | wc -l) in $crashes"
    exit $status
fi

# Release builds take --static-swift-stdlib, as Benchmarks/run.sh and scripts/kill-test.sh build them:
# the package's release link flags are made for it, and one set of flags keeps .build/release whole.
echo "building conncat-fuzz (release, --static-swift-stdlib)..."
swift build -c release --static-swift-stdlib --product conncat-fuzz >"$out/build.log" 2>&1 || { tail -20 "$out/build.log"; exit 2; }
binary=$(swift build -c release --static-swift-stdlib --show-bin-path)/conncat-fuzz

start=$(date +%s)
seed=${FUZZ_SEED:-$start}
: >"$out/fuzz.log"
executions=0
crashed=0
hangs=0
violations=0
slices=0
while :; do
    left=$(( start + seconds - $(date +%s) ))
    [ "$left" -le 0 ] && break
    slice=$(( left < 60 ? left : 60 ))
    set +e
    SWIFT_BACKTRACE=enable=no "$binary" run --seconds "$slice" --seed "$seed" --crashes "$crashes" "${seeds[@]}" \
        >"$out/slice.log" 2>&1
    code=$?
    set -e
    slices=$(( slices + 1 ))
    cat "$out/slice.log" >>"$out/fuzz.log"
    if total_line=$(grep -E '^total: ' "$out/slice.log"); then
        executions=$(( executions + $(echo "$total_line" | awk '{print $2}') ))
        violations=$(( violations + $(echo "$total_line" | sed -E 's/.* ([0-9]+) contract violations.*/\1/') ))
    fi
    case "$code" in
        0|1) ;;
        2) hangs=$(( hangs + 1 )); grep HANG "$out/slice.log" || true ;;
        *) crashed=$(( crashed + 1 )); grep CRASH "$out/slice.log" || echo "seed $seed: exit $code"; cp "$out/slice.log" "$crashes/crash-seed$seed.log" ;;
    esac
    [ "$code" -eq 1 ] && grep 'contract violation' "$out/slice.log" | head -3
    seed=$(( seed + 1 ))
done
echo "fuzzed $(( $(date +%s) - start )) s in $slices slices (seeds from ${FUZZ_SEED:-$start}): $executions executions" \
    "(not counting slices that crashed), $crashed crashes, $hangs hangs, $violations contract violations"
for reader in xml json csv; do
    grep -E "^$reader: " "$out/fuzz.log" | awk -v r="$reader" '{ n += $2; v += substr($4, 2); e += $6 }
        END { printf "  %s: %d executions (%d values, %d input errors)\n", r, n, v, e }'
done
echo "saved inputs: $(ls "$crashes" | wc -l) in $crashes; slice outputs in $out/fuzz.log"
[ "$crashed" -eq 0 ] && [ "$hangs" -eq 0 ] && [ "$violations" -eq 0 ]
