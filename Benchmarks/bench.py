#!/usr/bin/env python3
"""Runs the ConnectionCatalog benchmark (P1-P9) and writes Benchmarks/results/latest.{json,md}.

Called by Benchmarks/run.sh after the release build; see Benchmarks/README.md.
Each figure is printed beside its floor or goal, as a ratio. Python 3 standard library only.
"""

import argparse
import csv
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release")
CONNCAT = os.path.join(BIN, "conncat")
BENCH = os.path.join(BIN, "conncat-bench")
FLOOR = os.path.join(BIN, "conncat-floor")
AT = "2026-11-29T00:00:00Z"


def log(message):
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def run(cmd, stdout=subprocess.DEVNULL, **kw):
    """Runs `cmd`, returns (seconds, completed process); fails loudly on a non-zero exit."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=stdout, stderr=subprocess.PIPE, **kw)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit("command failed (%d): %s\n%s" % (proc.returncode, " ".join(cmd), proc.stderr.decode()[-2000:]))
    return seconds, proc


def bench_json(*args):
    _, proc = run([BENCH] + list(args), stdout=subprocess.PIPE)
    return json.loads(proc.stdout)


def rm(path):
    if os.path.isdir(path):
        shutil.rmtree(path)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix) and not os.path.isdir(path + suffix):
            os.remove(path + suffix)


def timed_rss(cmd):
    """Wall seconds (perf_counter) and peak RSS in KiB (`/usr/bin/time -f %M`)."""
    rss_file = os.path.join(WORK, "rss.txt")
    seconds, _ = run(["/usr/bin/time", "-f", "%M", "-o", rss_file] + cmd)
    with open(rss_file) as f:
        return seconds, int(f.read().strip().splitlines()[-1])


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kib = int(re.search(r"MemTotal:\s+(\d+)", f.read()).group(1))
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True)
    sqlite = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split()[0]
    xmllint = subprocess.run(["xmllint", "--version"], capture_output=True, text=True).stderr.splitlines()[0]
    load = os.getloadavg()
    return {
        "nproc": os.cpu_count(), "cpu": cpu, "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "swift": (swift.stdout or swift.stderr).strip().splitlines()[0], "sqlite3": sqlite, "xmllint": xmllint,
        "kernel": platform.release(), "load_average_at_start": [round(x, 2) for x in load],
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def provenance():
    """The commit measured and whether the tree was clean (results/ aside: the run rewrites it)."""
    def git(*args):
        proc = subprocess.run(["git", "-C", ROOT] + list(args), capture_output=True, text=True)
        return proc.stdout.strip() if proc.returncode == 0 else None
    status = git("status", "--porcelain", "--untracked-files=no")
    dirty = [line for line in (status or "").splitlines() if "Benchmarks/results/" not in line]
    return {"commit": git("rev-parse", "HEAD"), "branch": git("rev-parse", "--abbrev-ref", "HEAD"),
            "clean": status is not None and not dirty, "dirty_files": [line[3:] for line in dirty]}


def pages_changed(before_path, after_path, page=4096):
    """Bytes of `after_path` that differ from `before_path`, counted in whole pages (what the
    process wrote into the catalog file), and the growth in bytes."""
    changed = 0
    with open(before_path, "rb") as a, open(after_path, "rb") as b:
        while True:
            x, y = a.read(page), b.read(page)
            if not y:
                break
            if x != y:
                changed += page
    return changed, os.path.getsize(after_path) - os.path.getsize(before_path)


def table_bytes(db):
    """Bytes per table (and its indexes) from the dbstat virtual table, or None without it."""
    proc = subprocess.run(["sqlite3", "-separator", " ", db,
                           "SELECT coalesce(m.tbl_name, d.name), SUM(d.pgsize) FROM dbstat d "
                           "LEFT JOIN sqlite_schema m ON m.name = d.name GROUP BY 1"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        return None
    return {name: int(n) for name, n in (line.rsplit(" ", 1) for line in proc.stdout.splitlines())}


def generate(mib, shape, folder=None):
    folder = folder or os.path.join(WORK, "idm%d-%s" % (mib, shape))
    stamp = os.path.join(folder, ".facts.json")
    if os.path.exists(stamp):  # same seed, same bytes: generated once per run
        with open(stamp) as f:
            return folder, json.load(f)
    log("generating %d MiB, shape %s" % (mib, shape))
    _, proc = run([sys.executable, os.path.join(ROOT, "Benchmarks", "generate.py"), "--xml-mib", str(mib), "--out", folder,
                   "--shape", shape], stdout=subprocess.PIPE)
    facts = json.loads(proc.stdout)
    with open(stamp, "w") as f:
        json.dump(facts, f)
    return folder, facts


# ---------------------------------------------------------------------------------------------
# P1 import


def catalog_tables(db):
    out = subprocess.run(["sqlite3", db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                         "AND name <> 'grdb_migrations' ORDER BY name"],
                         capture_output=True, text=True, check=True).stdout.split()
    return out


def row_counts(db, tables):
    sql = " UNION ALL ".join("SELECT '%s', COUNT(*) FROM %s" % (t, t) for t in tables)
    out = subprocess.run(["sqlite3", "-separator", " ", db, sql], capture_output=True, text=True, check=True).stdout
    return {name: int(n) for name, n in (line.split() for line in out.splitlines())}


def floor_import(db, tables, counts, repeat):
    """sqlite3 .import of the rows the import wrote (every table dumped to CSV, outside the timing)."""
    dump = os.path.join(WORK, "floor-csv")
    rm(dump)
    os.makedirs(dump)
    script = []
    for t in tables:
        if counts[t] == 0:
            continue
        path = os.path.join(dump, t + ".csv")
        with open(path, "w") as f:
            subprocess.run(["sqlite3", "-csv", "-header", db, "SELECT * FROM %s" % t], stdout=f, check=True)
        script.append(".import --csv %s %s" % (path, t))
    script_path = os.path.join(dump, "import.sql")
    with open(script_path, "w") as f:
        # One transaction, as the import writes: without it each .import commits (and syncs) alone.
        f.write("BEGIN;\n" + "\n".join(script) + "\nCOMMIT;\n")
    best = None
    for _ in range(repeat):
        target = os.path.join(WORK, "floor.sqlite")
        rm(target)
        seconds, _ = run(["sqlite3", target, ".read " + script_path])
        best = seconds if best is None else min(best, seconds)
    imported = sum(row_counts(target, [t for t in tables if counts[t]]).values())
    return best, imported


def floor_schema(db, tables, counts, repeat):
    """SQLite alone writing the same rows into the catalog's own schema (its constraints, indexes
    and foreign keys): a catalog with the same schema and no rows, then, in one transaction,
    `INSERT INTO t SELECT * FROM source.t WHERE 1` per table in creation order (`WHERE 1`
    keeps SQLite from copying records and index entries unchanged, the transfer optimisation
    that no import can use)."""
    schema = subprocess.run(["sqlite3", db, "SELECT sql || ';' FROM sqlite_schema WHERE sql IS NOT NULL "
                                            "AND name NOT LIKE 'sqlite_%' ORDER BY rowid"],
                            capture_output=True, text=True, check=True).stdout
    empty = os.path.join(WORK, "floor-schema-empty.sqlite")
    rm(empty)
    subprocess.run(["sqlite3", empty], input="PRAGMA journal_mode=WAL;\n" + schema, capture_output=True, text=True, check=True)
    order = subprocess.run(["sqlite3", db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY rowid"],
                           capture_output=True, text=True, check=True).stdout.split()
    # Foreign keys are checked at COMMIT: tables rebuilt by a later migration come later in
    # sqlite_schema than the tables that reference them.
    script = ["PRAGMA foreign_keys = ON;", "ATTACH '%s' AS source;" % db, "BEGIN;", "PRAGMA defer_foreign_keys = ON;"]
    for t in order:
        if t in tables and counts.get(t):
            script.append("INSERT INTO main.%s SELECT * FROM source.%s WHERE 1;" % (t, t))
    script.append("COMMIT;")
    best = None
    target = os.path.join(WORK, "floor-schema.sqlite")
    for _ in range(repeat):
        rm(target)
        shutil.copyfile(empty, target)
        start = time.perf_counter()
        subprocess.run(["sqlite3", target], input="\n".join(script), capture_output=True, text=True, check=True)
        seconds = time.perf_counter() - start
        best = seconds if best is None else min(best, seconds)
    return best


def p1(sizes, shapes, repeat):
    results = []
    for shape in shapes:
      for mib in sizes:
        folder, facts = generate(mib, shape)
        db = os.path.join(WORK, "p1-%s-%d.sqlite" % (shape, mib))
        runs = []
        for i in range(repeat):
            rm(db)
            seconds, rss = timed_rss([CONNCAT, "import", "--database", db, folder, "--at", AT])
            log("P1: %s %d MiB import run %d: %.3f s, %d MiB RSS" % (shape, mib, i + 1, seconds, rss // 1024))
            runs.append((seconds, rss))
        tables = catalog_tables(db)
        counts = row_counts(db, tables)
        rows = sum(counts.values())
        xml_files = []
        for base, _, names in os.walk(os.path.join(folder, "Conf")):
            xml_files += [os.path.join(base, n) for n in names if n.endswith(".xml")]
        xml_files.sort()
        xmllint = min(run(["xmllint", "--noout", "--stream"] + xml_files)[0] for _ in range(repeat))
        sqlite_import, imported = floor_import(db, tables, counts, repeat)
        schema_floor = floor_schema(db, tables, counts, repeat)
        best = min(r[0] for r in runs)
        floor = xmllint + sqlite_import
        results.append({
            "shape": shape, "attributes_per_element": facts.get("attributes_per_element"), "elements": facts.get("elements"),
            "floor_schema_sqlite_s": round(schema_floor, 3), "floor_schema_s": round(xmllint + schema_floor, 3),
            "ratio_to_schema_floor": round(best / (xmllint + schema_floor), 2),
            "xml_mib": mib, "xml_bytes": facts["xml_bytes"], "xml_files": facts["xml_files"],
            "connections": facts["connections"], "export_tables": facts["export_tables"],
            "rows_written": rows, "rows_by_table": counts, "floor_rows_imported": imported,
            "import_s_runs": [round(r[0], 3) for r in runs], "import_s": round(best, 3),
            "peak_rss_mib": round(max(r[1] for r in runs) / 1024, 1),
            "floor_xmllint_s": round(xmllint, 3), "floor_sqlite3_import_s": round(sqlite_import, 3),
            "floor_s": round(floor, 3), "ratio": round(best / floor, 2),
            "s_per_mib": round(best / (facts["xml_bytes"] / 2**20), 4),
        })
        log("P1: %s %d MiB: import %.3f s, floor %.3f s (xmllint %.3f + sqlite3 .import %.3f of %d rows), ratio %.2f; "
            "into the catalog's schema %.3f s, ratio %.2f"
            % (shape, mib, best, floor, xmllint, sqlite_import, rows, best / floor, xmllint + schema_floor,
               best / (xmllint + schema_floor)))
    linearity = []
    for shape in shapes:
        mine = [r for r in results if r["shape"] == shape]
        if len(mine) >= 2:
            small, large = mine[0], mine[-1]
            linearity.append({
                "shape": shape, "from_mib": small["xml_mib"], "to_mib": large["xml_mib"],
                "time_ratio": round(large["import_s"] / small["import_s"], 2),
                "size_ratio": round(large["xml_bytes"] / small["xml_bytes"], 2),
                "s_per_mib_ratio": round(large["s_per_mib"] / small["s_per_mib"], 2),
            })
    return {"sizes": results, "linearity": linearity, "goal_ratio": 1.5, "goal_peak_rss_mib": 100,
            "goal_linearity": "s_per_mib_ratio <= 1.2 (time grows with size, not faster)"}


# ---------------------------------------------------------------------------------------------
# P2 refresh


def header_for(i):
    return ",".join(["employeeId"] + ["col%02d_%d" % (k, i % 7) for k in range(1, 40)]) + "\n"


def write_export_folder(folder, files, mode, size):
    """`mode`: small (1 KB), sparse (header, then a hole up to `size`), real (`size` real bytes)."""
    rm(folder)
    os.makedirs(folder)
    row = ",".join(["v%05d" % k for k in range(40)]) + "\n"
    block = (row * ((1 << 20) // len(row) + 1)).encode()[: 1 << 20]
    block = block[: block.rfind(b"\n") + 1]
    for i in range(files):
        path = os.path.join(folder, "Feed%03d.csv" % i)
        header = header_for(i).encode()
        with open(path, "wb") as f:
            f.write(header)
            if mode == "small":
                body = (row * 10).encode()
                f.write(body[: 1000 - len(header)] if len(header) < 1000 else b"")
            elif mode == "sparse":
                f.truncate(size)
            else:
                written = len(header)
                while written + len(block) <= size:
                    f.write(block)
                    written += len(block)


def p2(repeat, real_size):
    db = os.path.join(WORK, "p2.sqlite")
    bench_json("refresh-setup", "--catalog", db, "--connections", "100")
    variants = []
    big = 200 * 1000 * 1000
    small_dir = os.path.join(WORK, "p2-small")
    write_export_folder(small_dir, 100, "small", 1000)
    plans = [("sparse", big, "100 files of 200 MB: header, then a hole (truncate); sparse, nothing but the header on disk")]
    free = shutil.disk_usage(WORK).free
    if real_size and free > 100 * real_size * 3:
        plans.append(("real", real_size, "100 files of %d MB of real CSV bytes (smaller real-data variant: 100 x 200 MB "
                                         "would be 20 GB)" % (real_size // 1000000)))
    for mode, size, description in plans:
        big_dir = os.path.join(WORK, "p2-" + mode)
        log("P2: writing %s" % description)
        write_export_folder(big_dir, 100, mode, size)
        big_times, small_times = [], []
        for _ in range(repeat):  # alternate, so that a burst of load on the machine hits both
            for folder, times in ((big_dir, big_times), (small_dir, small_times)):
                seconds, _ = run([CONNCAT, "refresh-schema", "--database", db, "--export-dir", folder, "--at", AT])
                times.append(seconds)
        apparent = sum(os.path.getsize(os.path.join(big_dir, n)) for n in os.listdir(big_dir))
        allocated = sum(os.stat(os.path.join(big_dir, n)).st_blocks * 512 for n in os.listdir(big_dir))
        variants.append({
            "variant": mode, "description": description, "files": 100,
            "apparent_bytes": apparent, "allocated_bytes": allocated,
            "big_s": round(min(big_times), 4), "small_s": round(min(small_times), 4),
            "big_median_s": round(statistics.median(big_times), 4), "small_median_s": round(statistics.median(small_times), 4),
            "ratio": round(min(big_times) / min(small_times), 3),
        })
        log("P2 %s: %.1f ms vs %.1f ms, ratio %.3f" % (mode, min(big_times) * 1000, min(small_times) * 1000,
                                                        min(big_times) / min(small_times)))
        rm(big_dir)
    return {"variants": variants, "goal_ratio": 1.2,
            "note": "files were just written, so they are in the page cache; only the first 64 KiB chunk of each is read"}


# ---------------------------------------------------------------------------------------------
# P3 queries

COLUMNS_SQL = """
WITH target AS (
    SELECT coalesce((SELECT c.identifier FROM connection c WHERE c.identifier = h.identifier), h.identifier) AS connection,
           (SELECT r.id FROM refresh_attempt r WHERE r.history_connection_id = h.id
              ORDER BY r.at DESC, r.id DESC LIMIT 1) AS latest_id,
           (SELECT r.id FROM refresh_attempt r WHERE r.history_connection_id = h.id AND r.status = 1
              ORDER BY r.at DESC, r.id DESC LIMIT 1) AS success_id
    FROM history_connection h
    WHERE h.identifier = '%(connection)s'
),
in_force AS (
    SELECT t.connection, s.at AS snapshot_at, s.snapshot_id, l.status AS latest_status
    FROM target t
    JOIN refresh_attempt s ON s.id = t.success_id
    JOIN refresh_attempt l ON l.id = t.latest_id
)
SELECT f.connection, st.name AS table_name, sc.position, sc.name AS column_name,
       (SELECT group_concat(m.identifier || ':' || p.identifier, char(31))
          FROM entity_property_mapping p JOIN entity_type_mapping m ON m.id = p.entity_type_mapping_id
         WHERE m.connection_table_key = st.name AND p.connection_column = sc.name) AS property_refs,
       (SELECT group_concat(a.identifier, char(31)) FROM entity_association_mapping a
         WHERE a.connection_table_key = st.name AND (a.column1 = sc.name OR a.column2 = sc.name)) AS association_refs
FROM in_force f
JOIN snapshot_table st ON st.snapshot_id = f.snapshot_id
JOIN snapshot_column sc ON sc.snapshot_table_id = st.id
ORDER BY f.connection COLLATE NOCASE, st.name, sc.position;
"""


def swift_hello_floor(repeat):
    """Best wall milliseconds of a one-line Swift program built with `swiftc -O -static-stdlib`
    and importing Foundation, or None when it cannot be built."""
    folder = os.path.join(WORK, "swift-hello")
    os.makedirs(folder, exist_ok=True)
    source, binary = os.path.join(folder, "main.swift"), os.path.join(folder, "hello")
    with open(source, "w") as f:
        f.write('import Foundation\nprint(CommandLine.arguments.count > 1 ? "1.0" : Date().description)\n')
    proc = subprocess.run(["swiftc", "-O", "-static-stdlib", source, "-o", binary], capture_output=True)
    if proc.returncode != 0:
        return None
    return round(min(run([binary, "--version"])[0] for _ in range(repeat)) * 1000, 2)


def p3(repeat):
    db = os.path.join(WORK, "p3.sqlite")
    log("P3: building a catalog with 10,000 snapshots")
    setup = bench_json("query-setup", "--catalog", db, "--connections", "100", "--refreshes", "100", "--columns", "60")
    connection = setup["connection"]
    inproc = bench_json("query", "--catalog", db, "--connection", connection, "--iterations", "500")
    sql = COLUMNS_SQL % {"connection": connection}
    conncat_cmd = [CONNCAT, "columns", "--database", db, "--connection", connection, "--format", "json"]
    sqlite_cmd = ["sqlite3", "-json", db, sql]
    # Same answer: as many columns.
    conncat_rows = len(json.loads(run(conncat_cmd, stdout=subprocess.PIPE)[1].stdout))
    sqlite_rows = len(json.loads(run(sqlite_cmd, stdout=subprocess.PIPE)[1].stdout))
    conncat_times, sqlite_times = [], []
    for _ in range(repeat):
        conncat_times.append(run(conncat_cmd)[0])
        sqlite_times.append(run(sqlite_cmd)[0])
    version_times, sqlite_version_times = [], []
    for _ in range(repeat):
        version_times.append(run([CONNCAT, "--version"])[0])
        sqlite_version_times.append(run(["sqlite3", ":memory:", "SELECT 1"])[0])
    # The floor of a Swift start-up: a program that prints one line, linked as conncat is
    # (Swift runtime and Foundation static). What conncat spends above it is its own start-up.
    floor = swift_hello_floor(repeat)
    # The floor of this stack: the same SELECT from a program built as conncat is (Foundation,
    # swift-argument-parser with as many commands, GRDB; Benchmarks/Sources/conncat-floor).
    stack = {}
    if os.path.exists(FLOOR):
        floor_cmd = [FLOOR, "columns", "--database", db, "--connection", connection, "--format", "json"]
        stack_rows = len(json.loads(run(floor_cmd, stdout=subprocess.PIPE)[1].stdout))
        stack_times, stack_version_times, sqlite_again = [], [], []
        for _ in range(repeat):
            stack_times.append(run(floor_cmd)[0])
            sqlite_again.append(run(sqlite_cmd)[0])
            stack_version_times.append(run([FLOOR, "--version"])[0])
        stack = {"stack_columns_ms": round(min(stack_times) * 1000, 2), "stack_version_ms": round(min(stack_version_times) * 1000, 2),
                 "stack_rows": stack_rows, "stack_sqlite3_select_ms": round(min(sqlite_again) * 1000, 2),
                 "stack_ratio": round(min(stack_times) / min(sqlite_again), 2)}
    ldd = subprocess.run(["ldd", CONNCAT], capture_output=True, text=True).stdout
    libraries = [line.split()[0] for line in ldd.splitlines() if line.strip() and "statically linked" not in line]
    result = {
        "conncat_version_ms": round(min(version_times) * 1000, 2), "sqlite3_select1_ms": round(min(sqlite_version_times) * 1000, 2),
        "shared_libraries": libraries, "swift_hello_ms": floor,
        "snapshots": setup["snapshots"], "connections": setup["connections"], "columns_per_snapshot": setup["columns_per_snapshot"],
        "catalog_bytes": os.path.getsize(db),
        "in_process": inproc, "goal_in_process_ms": 2.0,
        "process_runs": repeat,
        "conncat_columns_ms": round(min(conncat_times) * 1000, 2),
        "conncat_columns_median_ms": round(statistics.median(conncat_times) * 1000, 2),
        "sqlite3_select_ms": round(min(sqlite_times) * 1000, 2),
        "sqlite3_select_median_ms": round(statistics.median(sqlite_times) * 1000, 2),
        "rows": {"conncat": conncat_rows, "sqlite3": sqlite_rows},
        "process_ratio": round(min(conncat_times) / min(sqlite_times), 2), "goal_process_ratio": 2.0,
        **stack,
    }
    log("P3: in-process median %.3f ms (first %.3f ms); process %.1f ms vs sqlite3 %.1f ms, ratio %.2f; "
        "--version %.1f ms, %d shared libraries"
        % (inproc["median_ms"], inproc["first_ms"], result["conncat_columns_ms"], result["sqlite3_select_ms"], result["process_ratio"],
           result["conncat_version_ms"], len(libraries)))
    return result


# ---------------------------------------------------------------------------------------------
# P4 storage


def p4(refreshes):
    log("P4: %d refreshes of an unchanged 2,000-column schema" % refreshes)
    result = bench_json("storage", "--dir", os.path.join(WORK, "p4"), "--refreshes", str(refreshes), "--columns", "2000")
    result["goal_bytes_added"] = 1_000_000
    result["ratio_to_goal"] = round(result["bytes_added"] / 1_000_000, 3)
    log("P4: %d bytes added (%.1f per refresh), %.0f refreshes/s"
        % (result["bytes_added"], result["bytes_per_refresh"], result["refreshes_per_second"]))
    return result


# ---------------------------------------------------------------------------------------------
# P6 re-import of an unchanged folder, P4b storage per import with one element changed


def fresh_import(folder, db):
    rm(db)
    return run([CONNCAT, "import", "--database", db, folder, "--at", AT])[0]


def reimport(folder, db, at, snapshot_name):
    """One more import of `folder` into `db`: seconds, and the bytes it wrote into the catalog
    file (pages that differ from a copy taken before; the WAL is checkpointed when conncat
    closes) and the growth of the file."""
    before = os.path.join(WORK, snapshot_name)
    shutil.copyfile(db, before)
    seconds = run([CONNCAT, "import", "--database", db, folder, "--at", at])[0]
    written, growth = pages_changed(before, db)
    os.remove(before)
    return seconds, written, growth


def p6(mib, shapes, repeat):
    results = []
    for shape in shapes:
        folder, facts = generate(mib, shape)
        db = os.path.join(WORK, "p6.sqlite")
        fresh = min(fresh_import(folder, db) for _ in range(repeat))
        runs = [reimport(folder, db, "2026-11-29T0%d:00:00Z" % (i + 1), "p6-before.sqlite") for i in range(repeat)]
        best = min(r[0] for r in runs)
        result = {"shape": shape, "xml_mib": mib, "fresh_import_s": round(fresh, 3), "reimport_s": round(best, 3),
                  "reimport_s_runs": [round(r[0], 3) for r in runs], "ratio": round(best / fresh, 3),
                  "bytes_written": max(r[1] for r in runs), "bytes_added": max(r[2] for r in runs),
                  "goal_ratio": 0.15, "goal": "writes only the import record"}
        log("P6: %s %d MiB: re-import %.3f s vs fresh %.3f s (x%.3f), wrote %d bytes, file +%d bytes"
            % (shape, mib, best, fresh, best / fresh, result["bytes_written"], result["bytes_added"]))
        results.append(result)
    return results


def change_one_element(folder, round_index):
    """Changes one attribute value of one element (the first Connection's DisplayName_L1 of the
    first connectors file): a one-element change."""
    path = os.path.join(folder, "Conf", "Connectors", "Connectors-0001.xml")
    with open(path, "rb") as f:
        data = f.read()
    marker = b'<Connection Identifier="'
    start = data.index(marker)
    name = data.index(b'DisplayName_L1="', start) + len(b'DisplayName_L1="')
    end = data.index(b'"', name)
    data = data[:name] + (b"Changed display name %d" % round_index) + data[end:]
    with open(path, "wb") as f:
        f.write(data)


def p4b(mib, imports):
    folder, facts = generate(mib, "default", os.path.join(WORK, "p4b-idm%d" % mib))
    db = os.path.join(WORK, "p4b.sqlite")
    fresh_import(folder, db)
    tables_before = table_bytes(db)
    size_before = os.path.getsize(db)
    runs = []
    for i in range(imports):
        change_one_element(folder, i)
        runs.append(reimport(folder, db, "2026-11-29T%02d:00:00Z" % (10 + i), "p4b-before.sqlite"))
    tables_after = table_bytes(db)
    growth = {}
    if tables_before is not None and tables_after is not None:
        growth = {t: tables_after.get(t, 0) - tables_before.get(t, 0) for t in set(tables_after) | set(tables_before)}
        growth = {t: n for t, n in sorted(growth.items(), key=lambda kv: -kv[1]) if n}
    per_import = (os.path.getsize(db) - size_before) / imports
    result = {"xml_mib": mib, "imports": imports, "bytes_added_per_import": round(per_import),
              "bytes_written_per_import": round(statistics.median(r[1] for r in runs)),
              "reimport_s_median": round(statistics.median(r[0] for r in runs), 3),
              "table_growth_bytes": growth, "goal_bytes_per_import": 50_000}
    log("P4b: %d MiB, one element changed: +%d bytes per import (%d written), growth by table %s"
        % (mib, per_import, result["bytes_written_per_import"], json.dumps(growth)))
    shutil.rmtree(folder)
    return result


# ---------------------------------------------------------------------------------------------
# P7 cost as history grows, P8 check's memory


def timed_output(cmd, repeat):
    """Best wall seconds, peak RSS (KiB) and output bytes of `cmd` (exit 0 or 1: check's findings)."""
    best, rss, size = None, 0, 0
    rss_file = os.path.join(WORK, "rss.txt")
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file] + cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        seconds = time.perf_counter() - start
        if proc.returncode not in (0, 1):
            raise SystemExit("command failed (%d): %s\n%s" % (proc.returncode, " ".join(cmd), proc.stderr.decode()[-2000:]))
        with open(rss_file) as f:
            rss = max(rss, int(f.read().strip().splitlines()[-1]))
        size = len(proc.stdout)
        best = seconds if best is None else min(best, seconds)
    return best, rss, size


def p7(connections, depths, repeat):
    """audit --all, audit and check on the same connections with a shallow and a 10x deeper history."""
    levels = []
    for depth in depths:
        db = os.path.join(WORK, "p7-%d.sqlite" % depth)
        log("P7: %d connections x %d refreshes (with failures)" % (connections, depth))
        setup = bench_json("history-setup", "--catalog", db, "--connections", str(connections), "--refreshes", str(depth))
        level = {"refreshes_per_connection": depth, "attempts": setup["attempts"], "failed_attempts": setup["failed_attempts"],
                 "setup_s": round(setup["seconds"], 1), "catalog_bytes": os.path.getsize(db)}
        for name, args in (("audit_all", ["audit", "--all", "--format", "json"]), ("audit", ["audit", "--format", "json"]),
                           ("check", ["check", "--format", "json", "--fail-on", "never"]), ("doctor", ["doctor"])):
            seconds, rss, size = timed_output([CONNCAT] + args + ["--database", db], repeat)
            level[name] = {"s": round(seconds, 4), "peak_rss_mib": round(rss / 1024, 1), "output_bytes": size}
            log("P7: %d refreshes: %s %.3f s, %d output bytes, %d MiB" % (depth, name, seconds, size, rss // 1024))
        levels.append(level)
    growth = {}
    if len(levels) >= 2:
        a, b = levels[0], levels[-1]
        for name in ("audit_all", "audit", "check", "doctor"):
            growth[name] = {"time_x": round(b[name]["s"] / a[name]["s"], 2),
                            "output_x": round(b[name]["output_bytes"] / max(a[name]["output_bytes"], 1), 2)}
    return {"connections": connections, "levels": levels, "growth": growth,
            "goals": {"audit_all": "time grows no faster than output", "check": "time x <= 2 for 10x refreshes"}}


def p8(mib, repeat):
    """check, doctor and columns on the 50 MiB catalog of P1 (default shape)."""
    db = os.path.join(WORK, "p1-default-%d.sqlite" % mib)
    if not os.path.exists(db):
        folder, _ = generate(mib, "default")
        fresh_import(folder, db)
    result = {"xml_mib": mib, "catalog_bytes": os.path.getsize(db)}
    for name, args in (("check", ["check", "--format", "json", "--fail-on", "never"]), ("doctor", ["doctor"]),
                       ("columns_table", ["columns"]), ("columns_json", ["columns", "--format", "json"])):
        seconds, rss, size = timed_output([CONNCAT] + args + ["--database", db], repeat)
        result[name] = {"s": round(seconds, 3), "peak_rss_mib": round(rss / 1024, 1), "output_bytes": size}
        log("P8: %d MiB catalog: %s %.3f s, %d MiB RSS, %d output bytes" % (mib, name, seconds, rss // 1024, size))
    result["goal_check_peak_rss_mib"] = 150
    return result


# ---------------------------------------------------------------------------------------------
# P9 shapes the other generators miss (quadratic paths)


def p9(sizes, repeat):
    """The quirks shape (mappings without Connector, few agent settings, one non-ASCII
    identifier) at two sizes: import, check and `refresh-schema --connection X` should grow with
    the size, not faster."""
    levels = []
    for mib in sizes:
        folder, facts = generate(mib, "quirks")
        db = os.path.join(WORK, "p9-%d.sqlite" % mib)
        seconds = min(fresh_import(folder, db) for _ in range(repeat))
        level = {"xml_mib": mib, "connections": facts["connections"], "import_s": round(seconds, 3)}
        check = timed_output([CONNCAT, "check", "--format", "json", "--fail-on", "never", "--database", db], repeat)
        level["check_s"] = round(check[0], 3)
        export = os.path.join(folder, "Temp", "ExportOutput")
        target = sorted(n[:-4] for n in os.listdir(export) if n.endswith(".csv") and "_" not in n)[0]
        level["refresh_connection"] = target
        one = min(run([CONNCAT, "refresh-schema", "--database", db, "--export-dir", export, "--connection", target,
                       "--at", "2026-11-30T00:00:00Z"])[0] for _ in range(repeat))
        level["refresh_one_s"] = round(one, 3)
        log("P9: quirks %d MiB (%d connections): import %.3f s, check %.3f s, refresh-schema --connection %.3f s"
            % (mib, facts["connections"], seconds, check[0], one))
        levels.append(level)
    growth = {}
    if len(levels) >= 2:
        a, b = levels[0], levels[-1]
        growth = {"connections_x": round(b["connections"] / a["connections"], 2),
                  "import_x": round(b["import_s"] / a["import_s"], 2), "check_x": round(b["check_s"] / a["check_s"], 2),
                  "refresh_one_x": round(b["refresh_one_s"] / a["refresh_one_s"], 2)}
    return {"levels": levels, "growth": growth, "goal": "each x no more than 1.2 times connections_x (refresh_one: ~1)"}


# ---------------------------------------------------------------------------------------------
# Report


def verdict(ok):
    return "met" if ok else "NOT MET"


def markdown(results):
    m = results["machine"]
    prov = results["provenance"]
    out = ["# ConnectionCatalog benchmark", "",
           "Commit %s (%s), tree %s." % (prov["commit"], prov["branch"], "clean" if prov["clean"] else
                                         "NOT clean: " + ", ".join(prov["dirty_files"])), "",
           "%s; %d cores (%s), %.1f GiB; %s; sqlite3 %s; %s; load average at start %s."
           % (m["date"], m["nproc"], m["cpu"], m["memory_gib"], m["swift"], m["sqlite3"], m["xmllint"],
              " ".join(str(x) for x in m["load_average_at_start"])), ""]
    if "p1" in results:
        p = results["p1"]
        out += ["## P1 import and P5 memory (`conncat import`, fresh catalog, best of %d)" % results["repeat"], "",
                "| shape | XML | attributes per element | connections | rows written | import | floor (xmllint --stream + sqlite3 .import) | ratio (goal <= 1.5) | SQLite-only floor into the catalog's schema (xmllint + INSERT ... SELECT) | ratio to it | peak RSS (P5, goal < 100 MB) |",
                "|---|---|---|---|---|---|---|---|---|---|---|"]
        for r in p["sizes"]:
            out.append("| %s | %d MiB | %s | %d | %d | %.2f s | %.2f s (%.2f + %.2f) | %.2f %s | %.2f s (%.2f + %.2f) | %.2f | %.0f MiB %s |"
                       % (r["shape"], r["xml_mib"], r.get("attributes_per_element"), r["connections"], r["rows_written"], r["import_s"],
                          r["floor_s"], r["floor_xmllint_s"], r["floor_sqlite3_import_s"], r["ratio"], verdict(r["ratio"] <= 1.5),
                          r["floor_schema_s"], r["floor_xmllint_s"], r["floor_schema_sqlite_s"], r["ratio_to_schema_floor"],
                          r["peak_rss_mib"], verdict(r["peak_rss_mib"] < 100)))
        for l in p["linearity"]:
            out += ["", "Linearity (%s) %d -> %d MiB: time x%.2f for size x%.2f; seconds per MiB x%.2f (goal <= 1.2: %s)."
                    % (l["shape"], l["from_mib"], l["to_mib"], l["time_ratio"], l["size_ratio"], l["s_per_mib_ratio"],
                       verdict(l["s_per_mib_ratio"] <= 1.2))]
        out.append("")
    if "p2" in results:
        out += ["## P2 refresh (`conncat refresh-schema`, 100 export files, best of %d)" % results["repeat_p2"], "",
                "| variant | 100 big files | 100 files of 1 KB | ratio (goal <= 1.2) |", "|---|---|---|---|"]
        for v in results["p2"]["variants"]:
            out.append("| %s | %.1f ms | %.1f ms | %.3f %s |" % (v["description"], v["big_s"] * 1000, v["small_s"] * 1000,
                                                              v["ratio"], verdict(v["ratio"] <= 1.2)))
        out += ["", results["p2"]["note"] + ".", ""]
    if "p3" in results:
        p = results["p3"]
        i = p["in_process"]
        out += ["## P3 queries (`columns` for one connection, %d snapshots of %d columns)" % (p["snapshots"], p["columns_per_snapshot"]), "",
                "| measure | value | floor / goal | ratio |", "|---|---|---|---|",
                "| in process (`AvailableColumns.run`), median of %d | %.3f ms (min %.3f, first call %.3f) | goal < 2 ms | %.2f %s |"
                % (i["iterations"], i["median_ms"], i["min_ms"], i["first_ms"], i["median_ms"] / 2.0, verdict(i["median_ms"] < 2.0)),
                "| `conncat columns --connection X --format json`, best of %d | %.1f ms (median %.1f) | `sqlite3 -json` same SELECT: %.1f ms (median %.1f) | %.2f %s (goal <= 2) |"
                % (p["process_runs"], p["conncat_columns_ms"], p["conncat_columns_median_ms"], p["sqlite3_select_ms"],
                   p["sqlite3_select_median_ms"], p["process_ratio"], verdict(p["process_ratio"] <= 2.0)),
                "| start-up: `conncat --version` | %.1f ms, %d shared libraries | `sqlite3 :memory: 'SELECT 1'`: %.1f ms | %.2f |"
                % (p["conncat_version_ms"], len(p["shared_libraries"]), p["sqlite3_select1_ms"],
                   p["conncat_version_ms"] / p["sqlite3_select1_ms"]),
                "| floor: a one-line Swift program with Foundation, linked statically | %s | `sqlite3 :memory: 'SELECT 1'`: %.1f ms | %s |"
                % ("%.1f ms" % p["swift_hello_ms"] if p.get("swift_hello_ms") else "not built", p["sqlite3_select1_ms"],
                   "%.2f" % (p["swift_hello_ms"] / p["sqlite3_select1_ms"]) if p.get("swift_hello_ms") else "-")]
        if p.get("stack_columns_ms"):
            out += ["| floor of the stack: the same SELECT as JSON from a program built as conncat (argument parser with as "
                    "many commands, GRDB, Foundation), best of %d | %.1f ms (`--version` %.1f ms) | `sqlite3 -json` same SELECT: %.1f ms | %.2f |"
                    % (p["process_runs"], p["stack_columns_ms"], p["stack_version_ms"], p["stack_sqlite3_select_ms"], p["stack_ratio"])]
        out += [""]
    if "p4" in results:
        p = results["p4"]
        out += ["## P4 storage (%d refreshes of an unchanged %d-column schema, one transaction each)" % (p["refreshes"], p["columns"]), "",
                "| catalog before | after | added | per refresh | goal | ratio |", "|---|---|---|---|---|---|",
                "| %d B | %d B | %d B | %.1f B | < 1,000,000 B | %.3f %s |"
                % (p["bytes_before"], p["bytes_after"], p["bytes_added"], p["bytes_per_refresh"], p["ratio_to_goal"],
                   verdict(p["bytes_added"] < 1_000_000)),
                "", "Sizes after `PRAGMA wal_checkpoint(TRUNCATE)`; %.0f refreshes per second." % p["refreshes_per_second"], ""]
    if "p4b" in results:
        p = results["p4b"]
        out += ["## P4b storage per import (%d MiB, one element changed before each of %d imports)" % (p["xml_mib"], p["imports"]), "",
                "| catalog growth per import | pages written per import | goal | re-import (median) |", "|---|---|---|---|",
                "| %d B %s | %d B | < 50,000 B | %.2f s |" % (p["bytes_added_per_import"], verdict(p["bytes_added_per_import"] < 50_000),
                                                           p["bytes_written_per_import"], p["reimport_s_median"]),
                "", "Growth by table (bytes, all imports): %s." % ", ".join("%s %+d" % kv for kv in p["table_growth_bytes"].items()), ""]
    if "p6" in results:
        out += ["## P6 re-import of an unchanged folder (best of %d)" % results["repeat"], "",
                "| shape | XML | fresh import | re-import | ratio (goal <= 0.15) | bytes written into the catalog | file growth |",
                "|---|---|---|---|---|---|---|"]
        for r in results["p6"]:
            out.append("| %s | %d MiB | %.2f s | %.2f s | %.3f %s | %d B | %d B |"
                       % (r["shape"], r["xml_mib"], r["fresh_import_s"], r["reimport_s"], r["ratio"], verdict(r["ratio"] <= 0.15),
                          r["bytes_written"], r["bytes_added"]))
        out.append("")
    if "p7" in results:
        p = results["p7"]
        out += ["## P7 cost as history grows (%d connections, failures in runs)" % p["connections"], "",
                "| refreshes per connection | attempts | audit --all | audit | check | doctor |", "|---|---|---|---|---|---|"]
        for l in p["levels"]:
            out.append("| %d | %d | %.3f s (%d B) | %.3f s | %.3f s | %.3f s |"
                       % (l["refreshes_per_connection"], l["attempts"], l["audit_all"]["s"], l["audit_all"]["output_bytes"],
                          l["audit"]["s"], l["check"]["s"], l["doctor"]["s"]))
        if p["growth"]:
            g = p["growth"]
            out += ["", "Growth for 10x refreshes: audit --all time x%.2f for output x%.2f (%s); check time x%.2f (goal <= 2: %s); "
                    "audit x%.2f; doctor x%.2f."
                    % (g["audit_all"]["time_x"], g["audit_all"]["output_x"], verdict(g["audit_all"]["time_x"] <= g["audit_all"]["output_x"] * 1.2),
                       g["check"]["time_x"], verdict(g["check"]["time_x"] <= 2), g["audit"]["time_x"], g["doctor"]["time_x"])]
        out.append("")
    if "p8" in results:
        p = results["p8"]
        out += ["## P8 queries on the %d MiB catalog (%d bytes)" % (p["xml_mib"], p["catalog_bytes"]), "",
                "| command | time | peak RSS | output |", "|---|---|---|---|"]
        for name, label in (("check", "`check --format json` (goal < 150 MB)"), ("doctor", "`doctor`"),
                            ("columns_table", "`columns` (table)"), ("columns_json", "`columns --format json`")):
            r = p[name]
            out.append("| %s | %.2f s | %.0f MiB%s | %d B |" % (label, r["s"], r["peak_rss_mib"],
                                                            " " + verdict(r["peak_rss_mib"] < 150) if name == "check" else "", r["output_bytes"]))
        out.append("")
    if "p9" in results:
        p = results["p9"]
        out += ["## P9 quirks shape (mappings without Connector, few agent settings, a non-ASCII identifier)", "",
                "| XML | connections | import | check | refresh-schema --connection X |", "|---|---|---|---|---|"]
        for l in p["levels"]:
            out.append("| %d MiB | %d | %.2f s | %.2f s | %.3f s |" % (l["xml_mib"], l["connections"], l["import_s"], l["check_s"], l["refresh_one_s"]))
        if p["growth"]:
            g = p["growth"]
            out += ["", "Connections x%.2f: import x%.2f, check x%.2f, refresh of one connection x%.2f."
                    % (g["connections_x"], g["import_x"], g["check_x"], g["refresh_one_x"])]
        out.append("")
    return "\n".join(out)


def main():
    global WORK, CONNCAT, BENCH
    parser = argparse.ArgumentParser(description="ConnectionCatalog benchmark (P1-P9)")
    parser.add_argument("--work", default=os.environ.get("CONNCAT_BENCH_WORK", "/tmp/conncat-bench"),
                        help="scratch folder (default /tmp/conncat-bench)")
    parser.add_argument("--only", default="p1,p2,p3,p4,p4b,p6,p7,p8,p9",
                        help="comma-separated subset of p1,p2,p3,p4,p4b,p6,p7,p8,p9 (P5 is part of p1)")
    parser.add_argument("--sizes", default="5,20,50", help="P1 sizes in MiB of XML")
    parser.add_argument("--shapes", default="default,attributes,onefile", help="P1 and P6 shapes (generate.py --shape)")
    parser.add_argument("--history", default="100,1000", help="P7 refreshes per connection, shallow and deep")
    parser.add_argument("--history-connections", type=int, default=100, help="P7 connections")
    parser.add_argument("--quirks-sizes", default="5,20", help="P9 sizes in MiB of the quirks shape")
    parser.add_argument("--repeat", type=int, default=3, help="P1 runs per size (best is kept)")
    parser.add_argument("--repeat-p2", type=int, default=7, help="P2 runs per folder")
    parser.add_argument("--repeat-p3", type=int, default=30, help="P3 process runs")
    parser.add_argument("--refreshes", type=int, default=10000, help="P4 refreshes")
    parser.add_argument("--real-mb", type=int, default=20, help="P2 real-bytes variant: MB per file (0 = skip)")
    parser.add_argument("--bin", default=BIN, help="folder of conncat and conncat-bench (default .build/release)")
    parser.add_argument("--output", default=os.path.join(ROOT, "Benchmarks", "results"), help="where latest.{json,md} go")
    args = parser.parse_args()
    WORK = args.work
    CONNCAT = os.path.join(args.bin, "conncat")
    BENCH = os.path.join(args.bin, "conncat-bench")
    os.makedirs(WORK, exist_ok=True)
    only = set(args.only.split(","))
    results = {"machine": machine(), "provenance": provenance(), "repeat": args.repeat, "repeat_p2": args.repeat_p2}
    sizes = [int(s) for s in args.sizes.split(",")]
    shapes = args.shapes.split(",")
    if "p1" in only:
        results["p1"] = p1(sizes, shapes, args.repeat)
    if "p8" in only:
        results["p8"] = p8(max(sizes), args.repeat)
    if "p6" in only:
        results["p6"] = p6(20 if 20 in sizes else max(sizes), shapes, args.repeat)
    if "p4b" in only:
        results["p4b"] = p4b(20 if 20 in sizes else max(sizes), 3)
    if "p7" in only:
        results["p7"] = p7(args.history_connections, [int(s) for s in args.history.split(",")], args.repeat)
    if "p9" in only:
        results["p9"] = p9([int(s) for s in args.quirks_sizes.split(",")], args.repeat)
    if "p2" in only:
        results["p2"] = p2(args.repeat_p2, args.real_mb * 1000 * 1000)
    if "p3" in only:
        results["p3"] = p3(args.repeat_p3)
    if "p4" in only:
        results["p4"] = p4(args.refreshes)
    os.makedirs(args.output, exist_ok=True)
    with open(os.path.join(args.output, "latest.json"), "w") as f:
        json.dump(results, f, indent=2, sort_keys=True)
        f.write("\n")
    text = markdown(results)
    with open(os.path.join(args.output, "latest.md"), "w") as f:
        f.write(text + "\n")
    print(text)


WORK = None
if __name__ == "__main__":
    main()
