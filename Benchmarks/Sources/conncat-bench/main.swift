// conncat-bench: the in-process parts of the benchmark (Benchmarks/run.sh drives it).
// Uses the library's public API only; GRDB is used for the WAL checkpoint alone.
// Every subcommand prints one JSON object on standard output.

import ConnectionCatalog
import Foundation
import GRDB

/// Seconds since an arbitrary origin, monotonic.
func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("conncat-bench: \(message)\n".utf8))
    exit(2)
}

/// `--name value` options.
struct Options {
    var values: [String: String] = [:]
    init(_ arguments: ArraySlice<String>) {
        var iterator = arguments.makeIterator()
        while let key = iterator.next() {
            guard key.hasPrefix("--"), let value = iterator.next() else { fail("expected --option value, got \(key)") }
            values[String(key.dropFirst(2))] = value
        }
    }
    func string(_ name: String) -> String {
        guard let value = values[name] else { fail("missing --\(name)") }
        return value
    }
    func int(_ name: String, default fallback: Int) -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text) else { fail("--\(name) is not a number") }
        return value
    }
}

func printJSON(_ object: [String: Any]) {
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}

func fileSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
}

/// `PRAGMA wal_checkpoint(TRUNCATE)` from a separate connection, then the main file's size.
func checkpointedSize(_ path: String) throws -> Int {
    let queue = try DatabaseQueue(path: path)
    try queue.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    try queue.close()
    return fileSize(path)
}

func time(at index: Int) -> String {
    Timestamp.format(seconds: 1_790_000_000 + Int64(index) * 3600)
}

func location(_ file: String, _ line: Int) -> SourceLocation { SourceLocation(file: file, line: line) }

/// A configuration of `count` CSV connections `<prefix>NNN`, each with an EntityTypeMapping of
/// its table `<prefix>NNN` mapping the first `mapped` of `columns`.
func configuration(prefix: String, count: Int, columns: [String], mapped: Int) -> ConnectionCatalog.Configuration {
    var c = ConnectionCatalog.Configuration()
    c.connectors.append(Connector(identifier: "BenchConnector", attributes: ["Identifier": "BenchConnector"], location: location("bench.xml", 1)))
    for i in 0..<count {
        let name = String(format: "%@%03d", prefix, i)
        c.connections.append(
            Connection(
                identifier: name,
                attributes: [
                    "Identifier": name, "DisplayName_L1": name, "Connector": "BenchConnector", "Package": "Usercube.CSV@0000001",
                ], location: location("bench.xml", 2 + i)))
        let properties = columns.prefix(mapped).enumerated().map { index, column in
            PropertyMapping(
                identifier: "p\(index)", attributes: ["Identifier": "p\(index)", "ConnectionColumn": column],
                location: location("bench.xml", 10_000 + i * 1000 + index))
        }
        c.entityTypeMappings.append(
            EntityTypeMapping(
                identifier: name + "_Person", attributes: ["Identifier": name + "_Person", "Connector": "BenchConnector", "ConnectionTable": name],
                location: location("bench.xml", 10_000 + i * 1000), properties: properties))
        c.entityAssociationMappings.append(
            EntityAssociationMapping(
                identifier: name + "_Manager",
                attributes: [
                    "Identifier": name + "_Manager", "Connector": "BenchConnector", "ConnectionTable": name,
                    "Column1": columns[0], "Column2": columns[1],
                    "EntityPropertyMapping1": name + "_Person:p0", "EntityPropertyMapping2": name + "_Person:p1",
                ], location: location("bench.xml", 10_999 + i * 1000)))
    }
    return c
}

func importConfiguration(_ configuration: ConnectionCatalog.Configuration, into catalog: Catalog, folder: String) throws {
    let record = ImportRecord(
        importedAt: time(at: 0), sourceFolder: folder, configurationFolder: folder,
        agentSettingsFile: nil, exportFolder: nil, xmlFileCount: 1,
        elementCount: configuration.elementCount, contentHash: UUID().uuidString, changed: true)
    _ = try catalog.recordImport(record, files: [], agentSettingsHash: nil, configuration: configuration, settings: nil, attempts: [])
}

func columnNames(_ count: Int, variant: Int = 0) -> [String] {
    (0..<count).map { $0 == count - 1 && variant > 0 ? "extra\(variant)" : "column\($0)" }
}

// MARK: - Subcommands

/// A catalog with `connections` CSV connections (for `conncat refresh-schema` over 100 files).
func refreshSetup(_ o: Options) throws {
    let path = o.string("catalog")
    let count = o.int("connections", default: 100)
    try? FileManager.default.removeItem(atPath: path)
    let catalog = try Catalog(path: path)
    try importConfiguration(
        configuration(prefix: o.values["prefix"] ?? "Feed", count: count, columns: columnNames(40), mapped: 30),
        into: catalog, folder: "/bench/refresh")
    printJSON(["catalog": path, "connections": count])
}

/// A catalog whose history holds `connections` x `refreshes` successful attempts, each with a
/// distinct snapshot of one table of `columns` columns (the last column's name changes).
func querySetup(_ o: Options) throws {
    let path = o.string("catalog")
    let connections = o.int("connections", default: 100)
    let refreshes = o.int("refreshes", default: 100)
    let columns = o.int("columns", default: 60)
    try? FileManager.default.removeItem(atPath: path)
    let start = now()
    let catalog = try Catalog(path: path)
    try importConfiguration(
        configuration(prefix: "Conn", count: connections, columns: columnNames(columns), mapped: columns * 2 / 3),
        into: catalog, folder: "/bench/query")
    for r in 0..<refreshes {
        let attempts = (0..<connections).map { i in
            let name = String(format: "Conn%03d", i)
            return RefreshAttempt(
                connection: name, at: time(at: 1 + r), trigger: .refreshSchema, source: .exportOutput, status: .success,
                snapshot: SchemaSnapshot(tables: [TableSchema(name: name, columns: columnNames(columns, variant: r + 1))]),
                exportFolder: "/bench/ExportOutput",
                files: [RefreshFile(fileName: name + ".csv", tableName: name, size: 1000, columnCount: columns)])
        }
        try catalog.recordRefreshAttempts(attempts)
    }
    printJSON([
        "catalog": path, "connections": connections, "refreshes": refreshes, "snapshots": connections * refreshes,
        "columns_per_snapshot": columns, "seconds": now() - start, "connection": "Conn042",
    ])
}

/// A catalog with a deep history: `connections` CSV connections, each refreshed `refreshes`
/// times (one transaction per round, an hour apart). Failures come in runs (three rounds in ten,
/// shifted per connection, so that some connections end on a failure); a success's schema
/// changes every 50 rounds (a column renamed), so that `check` has removed columns to report.
func historySetup(_ o: Options) throws {
    let path = o.string("catalog")
    let connections = o.int("connections", default: 100)
    let refreshes = o.int("refreshes", default: 1000)
    let columns = o.int("columns", default: 20)
    try? FileManager.default.removeItem(atPath: path)
    let start = now()
    let catalog = try Catalog(path: path)
    try importConfiguration(
        configuration(prefix: "Deep", count: connections, columns: columnNames(columns), mapped: columns / 2),
        into: catalog, folder: "/bench/history")
    var failures = 0
    for r in 0..<refreshes {
        let attempts = (0..<connections).map { i -> RefreshAttempt in
            let name = String(format: "Deep%03d", i)
            if (r + i) % 10 >= 7 {
                return RefreshAttempt(
                    connection: name, at: time(at: 1 + r), trigger: .refreshSchema, source: .exportOutput,
                    status: .failed, errorClass: .emptyFile, errorMessage: "\(name).csv: file is empty",
                    exportFolder: "/bench/ExportOutput")
            }
            return RefreshAttempt(
                connection: name, at: time(at: 1 + r), trigger: .refreshSchema, source: .exportOutput, status: .success,
                snapshot: SchemaSnapshot(tables: [TableSchema(name: name, columns: columnNames(columns, variant: r / 50))]),
                exportFolder: "/bench/ExportOutput",
                files: [RefreshFile(fileName: name + ".csv", tableName: name, size: 1000, columnCount: columns)])
        }
        failures += attempts.filter { $0.status == .failed }.count
        try catalog.recordRefreshAttempts(attempts)
    }
    try catalog.close()
    printJSON([
        "catalog": path, "connections": connections, "refreshes_per_connection": refreshes, "attempts": connections * refreshes,
        "failed_attempts": failures, "seconds": now() - start,
    ])
}

/// Times `AvailableColumns.run` for one connection, in process, after one warm-up call.
func query(_ o: Options) throws {
    let iterations = o.int("iterations", default: 200)
    let openStart = now()
    let catalog = try Catalog(path: o.string("catalog"), access: .readOnly)  // as `conncat columns` opens it
    let openSeconds = now() - openStart
    let query = ColumnQuery(connection: o.string("connection"))
    let firstStart = now()
    let rows = try AvailableColumns.run(query, in: catalog).count
    let first = now() - firstStart
    var times: [Double] = []
    for _ in 0..<iterations {
        let start = now()
        _ = try AvailableColumns.run(query, in: catalog)
        times.append(now() - start)
    }
    times.sort()
    printJSON([
        "rows": rows, "open_ms": openSeconds * 1000, "first_ms": first * 1000, "iterations": iterations,
        "min_ms": times[0] * 1000, "median_ms": times[times.count / 2] * 1000,
        "p90_ms": times[times.count * 9 / 10] * 1000,
    ])
}

/// Opens the catalog `iterations` times (each open closed before the next), for profiling.
func openLoop(_ o: Options) throws {
    let iterations = o.int("iterations", default: 200)
    var times: [Double] = []
    for _ in 0..<iterations {
        let start = now()
        do { _ = try Catalog(path: o.string("catalog")) }
        times.append(now() - start)
    }
    times.sort()
    printJSON(["iterations": iterations, "min_ms": times[0] * 1000, "median_ms": times[times.count / 2] * 1000])
}

/// 10,000 refreshes of an unchanged `columns`-column schema, each its own transaction through
/// `SchemaRefresher.refresh(folder:connections:at:in:)` (what `conncat refresh-schema` runs);
/// the catalog size after a TRUNCATE checkpoint, before and after.
func storage(_ o: Options) throws {
    let dir = URL(fileURLWithPath: o.string("dir"))
    let refreshes = o.int("refreshes", default: 10_000)
    let columns = o.int("columns", default: 2000)
    try? FileManager.default.removeItem(at: dir)
    let export = dir.appendingPathComponent("ExportOutput")
    try FileManager.default.createDirectory(at: export, withIntermediateDirectories: true)
    let header = columnNames(columns).joined(separator: ",")
    try Data((header + "\n" + Array(repeating: "x", count: columns).joined(separator: ",") + "\n").utf8)
        .write(to: export.appendingPathComponent("Wide000.csv"))
    let path = dir.appendingPathComponent("p4.sqlite").path
    do {
        let catalog = try Catalog(path: path)
        try importConfiguration(
            configuration(prefix: "Wide", count: 1, columns: columnNames(columns), mapped: 100),
            into: catalog, folder: dir.path)
        _ = try SchemaRefresher.refresh(folder: export, connections: [], at: Timestamp(secondsSince1970: 1_790_000_000 + 3600), in: catalog)
    }
    let before = try checkpointedSize(path)
    let start = now()
    do {
        let catalog = try Catalog(path: path)
        for r in 0..<refreshes {
            let outcome = try SchemaRefresher.refresh(
                folder: export, connections: [], at: Timestamp(secondsSince1970: 1_790_000_000 + Int64(2 + r) * 3600), in: catalog)
            if outcome.attempts.first?.status != .success { fail("refresh \(r) did not succeed") }
        }
    }
    let seconds = now() - start
    let after = try checkpointedSize(path)
    printJSON([
        "refreshes": refreshes, "columns": columns, "bytes_before": before, "bytes_after": after,
        "bytes_added": after - before, "bytes_per_refresh": Double(after - before) / Double(refreshes),
        "seconds": seconds, "refreshes_per_second": Double(refreshes) / seconds,
    ])
}

/// Current and peak resident set size in MiB (`VmRSS`, `VmHWM` of /proc/self/status).
func residentMiB() -> (current: Double, peak: Double) {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    func value(_ key: String) -> Double {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key) }) else { return 0 }
        return (Double(line.split(separator: " ").dropFirst().first { !$0.isEmpty } ?? "0") ?? 0) / 1024
    }
    return (value("VmRSS:"), value("VmHWM:"))
}

/// The stages of `Importer.run`, timed separately (the same public calls, in the same order).
func importStages(_ o: Options) throws {
    let root = URL(fileURLWithPath: o.string("path"))
    let path = o.string("catalog")
    try? FileManager.default.removeItem(atPath: path)
    var stages: [String: Double] = [:]
    var rss: [String: Double] = [:]
    var start = now()
    let layout = try Importer.layout(of: ImportRequest(path: root))
    let (configuration, files) = try ConfigurationReader.read(folder: layout.configurationFolder)
    stages["read_xml"] = now() - start
    rss["read_xml"] = residentMiB().current
    start = now()
    let settings = try layout.agentSettings.map { try AgentSettingsReader.read(file: $0, displayName: $0.lastPathComponent) }
    stages["read_settings"] = now() - start
    rss["read_settings"] = residentMiB().current
    start = now()
    let targets = Importer.refreshTargets(configuration: configuration, settings: settings)
    stages["refresh_targets"] = now() - start
    rss["refresh_targets"] = residentMiB().current
    start = now()
    let refresh = try layout.exportFolder.map {
        try SchemaRefresher.refresh(
            folder: $0, displayFolder: "Temp/ExportOutput", targets: targets,
            knownConnections: targets.map(\.connection), at: time(at: 0), trigger: .import)
    }
    stages["refresh_headers"] = now() - start
    rss["refresh_headers"] = residentMiB().current
    start = now()
    let catalog = try Catalog(path: path)
    stages["open_catalog"] = now() - start
    rss["open_catalog"] = residentMiB().current
    start = now()
    let record = ImportRecord(
        importedAt: time(at: 0), sourceFolder: root.path, configurationFolder: layout.configurationFolder.path,
        agentSettingsFile: layout.agentSettings?.path, exportFolder: layout.exportFolder?.path,
        xmlFileCount: files.count, elementCount: configuration.elementCount, contentHash: UUID().uuidString,
        changed: true)
    _ = try catalog.recordImport(
        record, files: files, agentSettingsHash: settings.map { _ in "bench" }, configuration: configuration,
        settings: settings, attempts: refresh?.attempts ?? [])
    stages["store"] = now() - start
    rss["store"] = residentMiB().current
    start = now()
    let columns = try AvailableColumns.run(ColumnQuery(), in: catalog).count
    stages["available_columns"] = now() - start
    rss["available_columns"] = residentMiB().current
    rss["peak"] = residentMiB().peak
    printJSON([
        "stages_s": stages, "rss_mib_after": rss, "elements": configuration.elementCount, "connections": configuration.connections.count,
        "available_columns": columns,
    ])
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    fail("usage: conncat-bench refresh-setup|query-setup|history-setup|query|storage|import-stages --option value ...")
}
let options = Options(arguments.dropFirst(2))
do {
    switch arguments[1] {
    case "refresh-setup": try refreshSetup(options)
    case "query-setup": try querySetup(options)
    case "history-setup": try historySetup(options)
    case "query": try query(options)
    case "storage": try storage(options)
    case "open-loop": try openLoop(options)
    case "import-stages": try importStages(options)
    default: fail("unknown subcommand \(arguments[1])")
    }
} catch {
    fail("\(error)")
}
