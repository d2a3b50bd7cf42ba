#!/usr/bin/env bash
# Builds a demo catalog with a few weeks of schema history from Fixtures/demo, then writes its
# HTML report: the report the README shows and CI renders in a browser. The output is the same
# on every run (fixed times, SOURCE_DATE_EPOCH, paths relative to a fixed working folder).
#
#   scripts/demo-report.sh CONNCAT OUTPUT.html
#
# History: import on 2026-11-02; on 2026-11-09 the HR export renamed its column "job title" to
# "position"; on 2026-11-16 and 2026-11-23 the Finance export came out empty (failed refreshes).
set -euo pipefail
cd "$(dirname "$0")/.."
conncat="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
output="$2"
case "$output" in /*) ;; *) output="$PWD/$output" ;; esac
work="$PWD/.build/demo-report"
rm -rf "$work" && mkdir -p "$work"
cp -R Fixtures/demo "$work/demo"
cd "$work"
export CONNCAT_DATABASE=conncat.sqlite CONNCAT_KEY_FILE="$work/fingerprint.key"
export SOURCE_DATE_EPOCH=1795424400   # 2026-11-23T09:00:00Z

"$conncat" import demo --at 2026-11-02T08:00:00Z >/dev/null
sed -i '1s/"job title"/position/' demo/Temp/ExportOutput/HRFeed.csv
"$conncat" refresh-schema --export-dir demo/Temp/ExportOutput --at 2026-11-09T08:00:00Z >/dev/null
: > demo/Temp/ExportOutput/FinanceDb.csv
for at in 2026-11-16T08:00:00Z 2026-11-23T08:00:00Z; do
    status=0
    "$conncat" refresh-schema --export-dir demo/Temp/ExportOutput --at "$at" >/dev/null 2>&1 || status=$?
    # Exit 2: recorded, with at least one failed connection (the empty Finance export).
    [ "$status" -eq 2 ] || { echo "refresh-schema at $at exited $status, expected 2" >&2; exit 1; }
done
"$conncat" report --output "$output"
