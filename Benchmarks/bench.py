#!/usr/bin/env python3
"""Runs the ConnectionCatalog benchmark (P1-P4) and writes Benchmarks/results/latest.{json,md}.

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


def p1(sizes, repeat):
    results = []
    for mib in sizes:
        folder = os.path.join(WORK, "idm%d" % mib)
        log("P1: generating %d MiB" % mib)
        _, proc = run([sys.executable, os.path.join(ROOT, "Benchmarks", "generate.py"), "--xml-mib", str(mib), "--out", folder],
                      stdout=subprocess.PIPE)
        facts = json.loads(proc.stdout)
        db = os.path.join(WORK, "p1.sqlite")
        runs = []
        for i in range(repeat):
            rm(db)
            seconds, rss = timed_rss([CONNCAT, "import", "--database", db, folder, "--at", AT])
            log("P1: %d MiB import run %d: %.3f s, %d MiB RSS" % (mib, i + 1, seconds, rss // 1024))
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
        best = min(r[0] for r in runs)
        floor = xmllint + sqlite_import
        results.append({
            "xml_mib": mib, "xml_bytes": facts["xml_bytes"], "xml_files": facts["xml_files"],
            "connections": facts["connections"], "export_tables": facts["export_tables"],
            "rows_written": rows, "rows_by_table": counts, "floor_rows_imported": imported,
            "import_s_runs": [round(r[0], 3) for r in runs], "import_s": round(best, 3),
            "peak_rss_mib": round(max(r[1] for r in runs) / 1024, 1),
            "floor_xmllint_s": round(xmllint, 3), "floor_sqlite3_import_s": round(sqlite_import, 3),
            "floor_s": round(floor, 3), "ratio": round(best / floor, 2),
            "s_per_mib": round(best / (facts["xml_bytes"] / 2**20), 4),
        })
        log("P1: %d MiB: import %.3f s, floor %.3f s (xmllint %.3f + sqlite3 .import %.3f of %d rows), ratio %.2f"
            % (mib, best, floor, xmllint, sqlite_import, rows, best / floor))
    by = {r["xml_mib"]: r for r in results}
    linearity = None
    if len(results) >= 2:
        small, large = results[0], results[-1]
        linearity = {
            "from_mib": small["xml_mib"], "to_mib": large["xml_mib"],
            "time_ratio": round(large["import_s"] / small["import_s"], 2),
            "size_ratio": round(large["xml_bytes"] / small["xml_bytes"], 2),
            "s_per_mib_ratio": round(large["s_per_mib"] / small["s_per_mib"], 2),
        }
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
    result = {
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
    }
    log("P3: in-process median %.3f ms (first %.3f ms); process %.1f ms vs sqlite3 %.1f ms, ratio %.2f"
        % (inproc["median_ms"], inproc["first_ms"], result["conncat_columns_ms"], result["sqlite3_select_ms"], result["process_ratio"]))
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
# Configuration history: storage per import and re-import time (self-contained)


def history(mib=20, unchanged=100, changed=20, repeat=3):
    """Re-import of an unchanged folder vs a fresh import (goal <= 0.15x), bytes added by
    `unchanged` imports of an unchanged configuration (goal < 1 MB in total) and by imports that
    each change one element (goal < 50 KB each)."""
    folder = os.path.join(WORK, "history%d" % mib)
    rm(folder)
    log("history: generating %d MiB" % mib)
    run([sys.executable, os.path.join(ROOT, "Benchmarks", "generate.py"), "--xml-mib", str(mib), "--out", folder],
        stdout=subprocess.PIPE)
    # The configuration and agent settings only: the schema refresh an import runs when it finds
    # an export folder adds refresh attempts, which are the schema history, not this one.
    rm(os.path.join(folder, "Temp"))
    db = os.path.join(WORK, "history.sqlite")

    def size():
        return sum(os.path.getsize(db + s) for s in ("", "-wal") if os.path.exists(db + s))

    def conncat_import():
        return run([CONNCAT, "import", "--database", db, folder])[0]

    fresh = []
    for _ in range(repeat):
        rm(db)
        fresh.append(conncat_import())
    again = [conncat_import() for _ in range(repeat)]
    before = size()
    for _ in range(unchanged):
        conncat_import()
    unchanged_bytes = size() - before
    # One element changed per import: one attribute value of one element of one file.
    conf = os.path.join(folder, "Conf")
    files = sorted(os.path.join(base, n) for base, _, names in os.walk(conf) for n in names if n.endswith(".xml"))
    target = files[len(files) // 2]
    with open(target, encoding="utf-8") as f:
        text = f.read()
    marker = 'DisplayName_L1="'
    at = text.index(marker) + len(marker)
    added = []
    for i in range(changed):
        with open(target, "w", encoding="utf-8") as f:
            f.write(text[:at] + "v%d " % i + text[at:])
        before = size()
        conncat_import()
        added.append(size() - before)
    with open(target, "w", encoding="utf-8") as f:
        f.write(text)
    fresh_s, again_s = statistics.median(fresh), statistics.median(again)
    result = {
        "xml_mib": mib, "fresh_import_s": round(fresh_s, 3), "reimport_unchanged_s": round(again_s, 3),
        "reimport_ratio": round(again_s / fresh_s, 3), "goal_reimport_ratio": 0.15,
        "unchanged_imports": unchanged, "unchanged_bytes_added": unchanged_bytes, "goal_unchanged_bytes": 1_000_000,
        "changed_imports": changed, "changed_bytes_added_mean": round(statistics.mean(added)),
        "changed_bytes_added_max": max(added), "goal_changed_bytes": 50_000,
    }
    log("history: fresh %.3f s, unchanged re-import %.3f s (%.3fx); %d unchanged imports added %d bytes; "
        "one element changed: %d bytes per import (max %d)"
        % (fresh_s, again_s, again_s / fresh_s, unchanged, unchanged_bytes, result["changed_bytes_added_mean"], max(added)))
    return result


# ---------------------------------------------------------------------------------------------
# Report


def verdict(ok):
    return "met" if ok else "NOT MET"


def markdown(results):
    m = results["machine"]
    out = ["# ConnectionCatalog benchmark", "",
           "%s; %d cores (%s), %.1f GiB; %s; sqlite3 %s; %s; load average at start %s."
           % (m["date"], m["nproc"], m["cpu"], m["memory_gib"], m["swift"], m["sqlite3"], m["xmllint"],
              " ".join(str(x) for x in m["load_average_at_start"])), ""]
    if "p1" in results:
        p = results["p1"]
        out += ["## P1 import (`conncat import`, fresh catalog, best of %d)" % results["repeat"], "",
                "| XML | files | connections | rows written | import | floor (xmllint --stream + sqlite3 .import) | ratio (goal <= 1.5) | peak RSS (goal < 100 MB) |",
                "|---|---|---|---|---|---|---|---|"]
        for r in p["sizes"]:
            out.append("| %d MiB | %d | %d | %d | %.2f s | %.2f s (%.2f + %.2f) | %.2f %s | %.0f MiB %s |"
                       % (r["xml_mib"], r["xml_files"], r["connections"], r["rows_written"], r["import_s"], r["floor_s"],
                          r["floor_xmllint_s"], r["floor_sqlite3_import_s"], r["ratio"], verdict(r["ratio"] <= 1.5),
                          r["peak_rss_mib"], verdict(r["peak_rss_mib"] < 100)))
        if p["linearity"]:
            l = p["linearity"]
            out += ["", "Linearity %d -> %d MiB: time x%.2f for size x%.2f; seconds per MiB x%.2f (goal <= 1.2: %s)."
                    % (l["from_mib"], l["to_mib"], l["time_ratio"], l["size_ratio"], l["s_per_mib_ratio"],
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
                   p["sqlite3_select_median_ms"], p["process_ratio"], verdict(p["process_ratio"] <= 2.0)), ""]
    if "p4" in results:
        p = results["p4"]
        out += ["## P4 storage (%d refreshes of an unchanged %d-column schema, one transaction each)" % (p["refreshes"], p["columns"]), "",
                "| catalog before | after | added | per refresh | goal | ratio |", "|---|---|---|---|---|---|",
                "| %d B | %d B | %d B | %.1f B | < 1,000,000 B | %.3f %s |"
                % (p["bytes_before"], p["bytes_after"], p["bytes_added"], p["bytes_per_refresh"], p["ratio_to_goal"],
                   verdict(p["bytes_added"] < 1_000_000)),
                "", "Sizes after `PRAGMA wal_checkpoint(TRUNCATE)`; %.0f refreshes per second." % p["refreshes_per_second"], ""]
    if "history" in results:
        h = results["history"]
        out += ["## Configuration history (%d MiB of XML and the agent settings, no export folder)" % h["xml_mib"], "",
                "| measure | value | goal | verdict |", "|---|---|---|---|",
                "| re-import of an unchanged folder vs a fresh import (medians) | %.3f s / %.3f s = %.3fx | <= 0.15x | %s |"
                % (h["reimport_unchanged_s"], h["fresh_import_s"], h["reimport_ratio"], verdict(h["reimport_ratio"] <= 0.15)),
                "| %d imports of an unchanged configuration, bytes added in total | %d B | < 1,000,000 B | %s |"
                % (h["unchanged_imports"], h["unchanged_bytes_added"], verdict(h["unchanged_bytes_added"] < 1_000_000)),
                "| one element changed per import, bytes added per import (%d imports) | mean %d B, max %d B | < 50,000 B | %s |"
                % (h["changed_imports"], h["changed_bytes_added_mean"], h["changed_bytes_added_max"],
                   verdict(h["changed_bytes_added_max"] < 50_000)), ""]
    return "\n".join(out)


def main():
    global WORK, CONNCAT, BENCH
    parser = argparse.ArgumentParser(description="ConnectionCatalog benchmark (P1-P4)")
    parser.add_argument("--work", default=os.environ.get("CONNCAT_BENCH_WORK", "/tmp/conncat-bench"),
                        help="scratch folder (default /tmp/conncat-bench)")
    parser.add_argument("--only", default="p1,p2,p3,p4,history", help="comma-separated subset of p1,p2,p3,p4,history")
    parser.add_argument("--sizes", default="5,20,50", help="P1 sizes in MiB of XML")
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
    results = {"machine": machine(), "repeat": args.repeat, "repeat_p2": args.repeat_p2}
    if "p1" in only:
        results["p1"] = p1([int(s) for s in args.sizes.split(",")], args.repeat)
    if "p2" in only:
        results["p2"] = p2(args.repeat_p2, args.real_mb * 1000 * 1000)
    if "p3" in only:
        results["p3"] = p3(args.repeat_p3)
    if "p4" in only:
        results["p4"] = p4(args.refreshes)
    if "history" in only:
        results["history"] = history()
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
