// The floor of the P3 row (Benchmarks/README.md): a command-line program built as conncat is
// (Swift runtime and Foundation linked statically, swift-argument-parser with a command tree of
// the same size, GRDB) whose `columns` command opens the catalog read-only, runs the benchmark's
// SELECT and prints the rows as JSON, and does nothing else. What `conncat columns` spends above
// it is conncat's own work; what it spends above `sqlite3 -json` is the cost of this stack.
import ArgumentParser
import Foundation
import GRDB

@main
struct Floor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conncat-floor",
        abstract: "The start-up and one-query floor of conncat's stack.",
        version: "0.1.0",
        subcommands: [
            Placeholder1.self, Placeholder2.self, Placeholder3.self, Placeholder4.self, Columns.self,
            Placeholder5.self, Placeholder6.self, Placeholder7.self, Placeholder8.self, Placeholder9.self,
            Placeholder10.self, Placeholder11.self, Placeholder12.self, Placeholder13.self, Placeholder14.self,
            Placeholder15.self,
        ])
}

struct Database: ParsableArguments {
    @Option(help: ArgumentHelp("Catalog file.", valueName: "path")) var database: String = "conncat.sqlite"
    @Option(help: "auto, always or never.") var color: String = "auto"
}

enum Format: String, ExpressibleByArgument { case table, json, csv }

struct Output: ParsableArguments {
    @Option(help: "Output format: table, json or csv.") var format: Format = .table
    @Flag(help: "Show everything.") var wide = false
}

struct Columns: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "columns", abstract: "The benchmark's SELECT, as JSON.")
    @OptionGroup var catalog: Database
    @OptionGroup var output: Output
    @Option(help: ArgumentHelp("Only this connection.", valueName: "id")) var connection: String?
    @Option(help: ArgumentHelp("Only this table.", valueName: "name")) var table: String?
    @Option(name: .customLong("entity-type"), help: "Only this entity type.") var entityType: String?
    @Flag(help: "Only unmapped columns.") var unmapped = false
    @Flag(help: "Also technical columns.") var all = false
    @Option(name: .customLong("as-of"), help: "As it was then.") var asOf: String?
    @Option(help: "A glob.") var column: String?

    func run() throws {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: catalog.database, configuration: configuration)
        let rows = try queue.read { db in try Row.fetchAll(db, sql: Self.sql, arguments: [connection ?? ""]) }
        var out = "[\n"
        for (index, row) in rows.enumerated() {
            out += index == 0 ? "  {" : ",\n  {"
            for (position, (name, value)) in row.enumerated() {
                if position > 0 { out += ", " }
                out += Self.quote(name) + ": "
                switch value.storage {
                case .null: out += "null"
                case .int64(let number): out += String(number)
                case .double(let number): out += String(number)
                case .string(let text): out += Self.quote(text)
                case .blob: out += "null"
                }
            }
            out += "}"
        }
        out += rows.isEmpty ? "]\n" : "\n]\n"
        FileHandle.standardOutput.write(Data(out.utf8))
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// The benchmark's SELECT (Benchmarks/bench.py, COLUMNS_SQL), the connection bound.
    static let sql = """
        WITH target AS (
            SELECT coalesce((SELECT c.identifier FROM connection c WHERE c.identifier = h.identifier), h.identifier) AS connection,
                   (SELECT r.id FROM refresh_attempt r WHERE r.history_connection_id = h.id
                      ORDER BY r.at DESC, r.id DESC LIMIT 1) AS latest_id,
                   (SELECT r.id FROM refresh_attempt r WHERE r.history_connection_id = h.id AND r.status = 1
                      ORDER BY r.at DESC, r.id DESC LIMIT 1) AS success_id
            FROM history_connection h
            WHERE h.identifier = ?
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
        ORDER BY f.connection COLLATE NOCASE, st.name, sc.position
        """
}

/// Fifteen more subcommands with options, as many as conncat has: the parser knows them all.
protocol Placeholder: ParsableCommand {}
extension Placeholder {
    func run() throws {}
}
struct Placeholder1: Placeholder {
    static let configuration = CommandConfiguration(commandName: "import")
    @OptionGroup var catalog: Database
    @Argument var folder: String?
    @Flag var dryRun = false
}
struct Placeholder2: Placeholder {
    static let configuration = CommandConfiguration(commandName: "refresh-schema")
    @OptionGroup var catalog: Database
    @Option var connection: String?
    @Option var at: String?
}
struct Placeholder3: Placeholder {
    static let configuration = CommandConfiguration(commandName: "connections")
    @OptionGroup var catalog: Database
    @OptionGroup var output: Output
    @Option var connector: String?
}
struct Placeholder4: Placeholder {
    static let configuration = CommandConfiguration(commandName: "tables")
    @OptionGroup var catalog: Database
    @OptionGroup var output: Output
    @Option var connection: String?
    @Option var asOf: String?
}
struct Placeholder5: Placeholder {
    static let configuration = CommandConfiguration(commandName: "settings")
    @OptionGroup var catalog: Database
    @OptionGroup var output: Output
    @Option var connection: String?
}
struct Placeholder6: Placeholder {
    static let configuration = CommandConfiguration(commandName: "history")
    @OptionGroup var catalog: Database
    @OptionGroup var output: Output
    @Option var connection: String?
    @Option var since: String?
    @Option var limit: Int?
}
struct Placeholder7: Placeholder {
    static let configuration = CommandConfiguration(commandName: "diff")
    @OptionGroup var catalog: Database
    @OptionGroup var output: Output
    @Option var connection: String?
    @Option var from: String?
    @Option var to: String?
}
struct Placeholder8: Placeholder {
    static let configuration = CommandConfiguration(commandName: "audit")
    @OptionGroup var catalog: Database
    @OptionGroup var output: Output
    @Option var connection: String?
    @Flag var all = false
}
struct Placeholder9: Placeholder {
    static let configuration = CommandConfiguration(commandName: "imports")
    @OptionGroup var catalog: Database
    @OptionGroup var output: Output
    @Option var limit: Int?
}
struct Placeholder10: Placeholder {
    static let configuration = CommandConfiguration(commandName: "changes")
    @OptionGroup var catalog: Database
    @OptionGroup var output: Output
    @Option var since: String?
    @Option var file: String?
}
struct Placeholder11: Placeholder {
    static let configuration = CommandConfiguration(commandName: "check")
    @OptionGroup var catalog: Database
    @OptionGroup var output: Output
    @Option var baseline: String?
    @Option var failOn: String?
    @Option var rule: [String] = []
}
struct Placeholder12: Placeholder {
    static let configuration = CommandConfiguration(commandName: "compare")
    @OptionGroup var catalog: Database
    @OptionGroup var output: Output
    @Argument var other: String?
}
struct Placeholder13: Placeholder {
    static let configuration = CommandConfiguration(commandName: "doctor")
    @OptionGroup var catalog: Database
    @Flag var repair = false
}
struct Placeholder14: Placeholder {
    static let configuration = CommandConfiguration(commandName: "backup")
    @OptionGroup var catalog: Database
    @Argument var destination: String?
}
struct Placeholder15: Placeholder {
    static let configuration = CommandConfiguration(commandName: "report")
    @OptionGroup var catalog: Database
    @Option var output: String?
}
