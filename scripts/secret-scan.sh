#!/bin/sh
# Places fake secrets (the placements of SecretPlacementTests) in a copy of Fixtures/demo, runs
# every command in every format, dumps the catalog and a backup, and scans the outputs with
# detect-secrets (pip install detect-secrets) and for the FAKE-SECRET marker.
# Usage: scripts/secret-scan.sh [conncat binary] [output folder]
set -e
REPO=$(cd "$(dirname "$0")/.." && pwd)
BIN=$(cd "$(dirname "${1:-$REPO/.build/debug/conncat}")" && pwd)/$(basename "${1:-conncat}")
OUT=${2:-$REPO/.build/secret-scan}
rm -rf "$OUT"; mkdir -p "$OUT/work" "$OUT/outputs"
cp -r "$REPO/Fixtures/demo" "$OUT/work/demo"
python3 - "$REPO" "$OUT/work/demo" <<'PY'
import re, sys
repo, demo = sys.argv[1], sys.argv[2]
src = open(repo + '/Tests/conncatTests/SecretPlacementTests.swift').read()
cs = src.split('static let connectionSettings = #"""')[1].split('"""#')[0]
tl = src.split('static let topLevelSettings = #"""')[1].split('"""#')[0]
xa = re.search(r'static let xmlAttributes\s*=\s*#"(.*?)"#', src, re.S).group(1)
p = demo + '/Runtime/appsettings.agent.json'
s = open(p).read().replace('"Connections": {', '"Connections": {\n' + cs, 1).replace('"SourcesRootPaths"', tl + '\n  "SourcesRootPaths"', 1)
open(p, 'w').write(s)
p = demo + '/Conf/Directory/Directory Connector.xml'
s = open(p).read().replace('<Connection Identifier="ADExport" ', '<Connection Identifier="ADExport" ' + xa, 1)
open(p, 'w').write(s)
PY
cd "$OUT/work"
export CONNCAT_KEY_FILE="$OUT/work/key"
O="$OUT/outputs"
$BIN import demo --at 2026-11-29T08:00:00Z > "$O/import.txt" 2> "$O/import.err" || true
for c in connections tables columns settings audit; do for f in table json csv; do $BIN $c --format $f > "$O/$c.$f" 2>&1 || true; done; done
for f in table json sarif; do $BIN check --format $f > "$O/check.$f" 2>&1 || true; done
$BIN doctor > "$O/doctor.txt" 2>&1 || true
$BIN backup backup.sqlite > "$O/backup.txt" 2>&1 || true
$BIN import demo --at 2026-11-30T08:00:00Z > "$O/import2.txt" 2>&1 || true
sqlite3 conncat.sqlite .dump > "$O/catalog.sql"
sqlite3 backup.sqlite .dump > "$O/backup.sql"
strings conncat.sqlite > "$O/catalog.strings"
printf '<?xml version="1.0"?>\n<ConfigurationFile>\n  <Connection Identifier="X" Password="R&Dept2024;FAKE-SECRET-e1" />\n</ConfigurationFile>\n' > demo/Conf/Broken.xml
$BIN import demo > "$O/failed.txt" 2> "$O/failed.err" || true
rm demo/Conf/Broken.xml
echo "FAKE-SECRET occurrences in outputs:"; grep -rao "FAKE-SECRET-[a-z0-9-]*" "$O" | wc -l
echo "detect-secrets on outputs (SHA-256 lines excluded):"; (cd "$O" && detect-secrets scan --all-files --exclude-lines "[0-9a-f]{64}" . | python3 -c "import json,sys; r=json.load(sys.stdin)['results']; print(sum(len(v) for v in r.values()), 'findings'); [print(' ', k, [x['type'] for x in v]) for k,v in r.items()]")
echo "detect-secrets on inputs (control):"; (cd demo && detect-secrets scan --all-files --exclude-lines "[0-9a-f]{64}" . | python3 -c "import json,sys; r=json.load(sys.stdin)['results']; print(sum(len(v) for v in r.values()), 'findings in', len(r), 'files')")
