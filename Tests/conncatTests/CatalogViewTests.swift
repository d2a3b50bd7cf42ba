import Foundation
import GRDB
import Testing

/// The catalog's views (read with sqlite3 by people) answer what the query commands answer: on the
/// demo imported, then refreshed with one changed header, then refreshed from a folder whose
/// HRFeed export is empty and which has no Finance export (two failures, so stale tables and the
/// audit have rows), every view row equals the command's
/// JSON row, field by field and in the same order.
@Suite struct CatalogViewTests {
    /// A JSON value of a command's output, or a view's cell, as comparable text.
    enum Value: Decodable, Equatable, CustomStringConvertible {
        case null, bool(Bool), int(Int64), text(String), list([String])

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let value = try? container.decode(Bool.self) {
                self = .bool(value)
            } else if let value = try? container.decode(Int64.self) {
                self = .int(value)
            } else if let value = try? container.decode(String.self) {
                self = .text(value)
            } else {
                self = .list(try container.decode([String].self))
            }
        }

        var description: String {
            switch self {
            case .null: "null"
            case .bool(let value): "\(value)"
            case .int(let value): "\(value)"
            case .text(let value): value.debugDescription
            case .list(let value): "\(value)"
            }
        }
    }

    typealias Record = [String: Value]

    /// The demo imported and refreshed twice; the sandbox keeps the catalog.
    static func preparedCatalog() throws -> Sandbox {
        let sandbox = try Sandbox()
        let imported = try sandbox.run(["import", Sandbox.demo, "--at", "2026-11-29T08:00:00Z"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let demo = try sandbox.copyDemo()
        let hrFeed = demo.appendingPathComponent("Temp/ExportOutput/HRFeed.csv")
        let text = try String(contentsOf: hrFeed, encoding: .utf8)
        try text.replacingOccurrences(of: "hire_date", with: "start_date").write(to: hrFeed, atomically: true, encoding: .utf8)
        let changed = try sandbox.run([
            "refresh-schema", "--export-dir", demo.appendingPathComponent("Temp/ExportOutput").path,
            "--at", "2026-11-30T08:00:00Z",
        ])
        #expect(changed.status == 0, "\(changed.stderr)")
        let empty = sandbox.folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        try Data().write(to: empty.appendingPathComponent("HRFeed.csv"))
        let failed = try sandbox.run([
            "refresh-schema", "--export-dir", empty.path, "--connection", "HRFeed",
            "--connection", "FinanceDb", "--at", "2026-12-01T08:00:00Z",
        ])
        #expect(failed.status == 2, "\(failed.stderr)")
        return sandbox
    }

    /// The rows of `sql`, with the view's column names renamed to the command's field names.
    /// Booleans (0 or 1) are the columns in `booleans`; a `mapped_by` text is split into a list.
    static func viewRows(
        _ sandbox: Sandbox, _ sql: String, renamed: [String: String] = [:],
        booleans: Set<String>, dropped: Set<String> = []
    ) throws -> [Record] {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: sandbox.database, configuration: configuration)
        return try queue.read { db in
            try Row.fetchAll(db, sql: sql).map { row in
                var record: Record = [:]
                for (column, value) in row where !dropped.contains(column) {
                    let name = renamed[column] ?? column
                    switch value.storage {
                    case .null: record[name] = name == "mapped_by" ? .list([]) : .null
                    case .int64(let number): record[name] = booleans.contains(name) ? .bool(number != 0) : .int(number)
                    case .string(let text):
                        record[name] = name == "mapped_by" ? .list(text.components(separatedBy: ", ")) : .text(text)
                    default: Issue.record("unexpected value \(value) in \(name)")
                    }
                }
                return record
            }
        }
    }

    static func commandRows(_ sandbox: Sandbox, _ arguments: [String], dropped: Set<String> = []) throws -> [Record] {
        let result = try sandbox.run(arguments + ["--format", "json"])
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return try JSONDecoder().decode([Record].self, from: Data(result.stdout.utf8))
            .map { $0.filter { !dropped.contains($0.key) } }
    }

    static func expectSame(
        _ view: [Record], _ command: [Record], _ what: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(!command.isEmpty, "\(what): the scenario gives the command rows to compare", sourceLocation: sourceLocation)
        #expect(view.count == command.count, "\(what): row count", sourceLocation: sourceLocation)
        for (index, (viewRow, commandRow)) in zip(view, command).enumerated() {
            #expect(viewRow == commandRow, "\(what) row \(index + 1)", sourceLocation: sourceLocation)
        }
    }

    static let connections = ["ADExport", "FinanceDb", "HRFeed", "SnowCmdb", "SnowTicket"]

    @Test func everyViewAnswersWhatItsCommandAnswers() throws {
        let sandbox = try Self.preparedCatalog()
        Self.expectSame(
            try Self.viewRows(sandbox, "SELECT * FROM connection_status", booleans: ["has_agent_settings"]),
            try Self.commandRows(sandbox, ["connections"]), "connection_status")
        Self.expectSame(
            try Self.viewRows(
                sandbox, "SELECT * FROM tables_in_force", renamed: ["table_name": "table"],
                booleans: ["stale", "mapped"]),
            try Self.commandRows(sandbox, ["tables"]), "tables_in_force")
        Self.expectSame(
            try Self.viewRows(
                sandbox, "SELECT * FROM available_columns",
                renamed: ["table_name": "table", "column_name": "column"], booleans: ["technical", "stale"]),
            try Self.commandRows(sandbox, ["columns", "--all"]), "available_columns")
        for connection in Self.connections {
            Self.expectSame(
                try Self.viewRows(
                    sandbox, "SELECT * FROM refresh_attempts WHERE connection = '\(connection)'",
                    booleans: ["changed"], dropped: ["connection", "export_folder"]),
                try Self.commandRows(sandbox, ["history", connection]), "refresh_attempts of \(connection)")
            if connection == "SnowTicket" { continue }  // no export, hence no files
            Self.expectSame(
                try Self.viewRows(
                    sandbox, "SELECT * FROM refresh_files WHERE connection = '\(connection)'",
                    renamed: ["table_name": "table"], booleans: [], dropped: ["connection"]),
                try Self.commandRows(sandbox, ["history", connection, "--files"]), "refresh_files of \(connection)")
        }
        Self.expectSame(
            try Self.viewRows(sandbox, "SELECT * FROM failed_refreshes", booleans: [], dropped: ["is_latest"]),
            try Self.commandRows(sandbox, ["audit", "--all"]), "failed_refreshes")
        Self.expectSame(
            try Self.viewRows(
                sandbox, "SELECT * FROM failed_refreshes WHERE is_latest", booleans: [],
                dropped: ["is_latest"]),
            try Self.commandRows(sandbox, ["audit"]), "failed_refreshes of the latest attempts")
        Self.expectSame(
            try Self.viewRows(sandbox, "SELECT * FROM agent_settings", booleans: ["secret"]),
            try Self.commandRows(sandbox, ["settings"], dropped: ["changed_since_previous_import"]),
            "agent_settings")
    }

    /// The rows of `sql` as text, one string per row (its first column).
    static func strings(_ sandbox: Sandbox, _ sql: String) throws -> [String] {
        try DatabaseQueue(path: sandbox.database).read { db in try String.fetchAll(db, sql: sql) }
    }

    @Test func viewsShowTheScenarioInWords() throws {
        let sandbox = try Self.preparedCatalog()
        // The changed header is one changed schema; the empty export failed HRFeed, which stays stale.
        #expect(
            try Self.strings(sandbox, "SELECT status || ' ' || coalesce(changed, 'null') FROM refresh_attempts WHERE connection = 'hrfeed'")
                == ["success null", "success 1", "failed null"])
        #expect(try Self.strings(sandbox, "SELECT table_name FROM tables_in_force WHERE stale") == ["FinanceDb", "HRFeed"])
        #expect(
            try Self.strings(sandbox, "SELECT column_name FROM available_columns WHERE table_name = 'hrfeed' AND mapped_by IS NULL")
                == ["start_date"])
        #expect(try Self.strings(sandbox, "SELECT connection FROM available_columns WHERE connection = 'snowcmdb' LIMIT 1") == ["SnowCmdb"])
        #expect(
            try Self.strings(sandbox, "SELECT schema_status FROM connection_status")
                == ["success", "failed", "failed", "success", "no_schema"])
    }

    @Test func storedFindingsAreViewsToo() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["import", Sandbox.demo, "--at", "2026-11-29T08:00:00Z"]).status == 0)
        #expect(
            try Self.strings(sandbox, "SELECT scanned_at || ' ' || file FROM unattributed_export_files")
                == ["2026-11-29T08:00:00Z LegacyPayroll.csv"])
        let secrets = try Self.strings(sandbox, "SELECT file || ':' || line FROM plain_text_secrets")
        #expect(!secrets.isEmpty)
        #expect(secrets.allSatisfy { $0.hasPrefix("Runtime/appsettings.agent.json:") || $0.contains("/appsettings.agent.json:") }, "\(secrets)")
    }
}
