import ArgumentParser
import ConnectionCatalog

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List every schema refresh attempt of a connection, oldest first.", usage: "conncat history <connection> [<options>]",
        discussion: """
            `changed` compares a successful attempt with the connection's previous success: true \
            when the schema differs (tables compared by name ignoring case, as Identity Manager \
            compares them, columns by name and order: an export file renamed only in case is no \
            change), false when it is the same; empty (null in JSON) for the first \
            success, whose schema is the first one and not a change, and for an attempt that \
            recorded no schema (failed, no_schema, not_exported).

            EXAMPLES:
              conncat history HRFeed
              conncat history HRFeed --files
              conncat history ADExport --format json
            """)
    @OptionGroup var catalog: ListingOptions
    @Argument(help: ArgumentHelp("Connection identifier.", valueName: "connection"), completion: Completions.names(.connection)) var connection: String
    @Flag(help: "List the export files each attempt read (size, time, encoding, separator, error) instead.")
    var files = false

    func run() throws {
        try reportingErrors {
            if files {
                let rows = try catalog.withCatalog { try SchemaHistory.files(of: connection, in: $0) }
                if rows.isEmpty, catalog.format == .table {
                    return writeFitted(try catalog.withCatalog { try EmptyAnswer.history(of: connection, files: true, in: $0) })
                }
                Renderer.write(rows, as: catalog.format)
            } else {
                let rows = try catalog.withCatalog { try SchemaHistory.history(of: connection, in: $0) }
                if rows.isEmpty, catalog.format == .table {
                    return writeFitted(try catalog.withCatalog { try EmptyAnswer.history(of: connection, files: false, in: $0) })
                }
                Renderer.write(rows, as: catalog.format)
            }
        }
    }
}

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changed between two successful schema refreshes (default: the latest change).",
        usage: "conncat diff <connection> [<options>]",
        discussion: """
            Without --from and --to, the latest schema change: the two successive successful \
            refreshes whose schemas differ last, and how many successful refreshes since found \
            the same schema (when the schema never changed: the first and the latest success). \
            --to alone compares with the success before it, --from alone with the latest. Table \
            names are compared as Identity Manager compares them (ignoring case), columns by \
            name and order, as `history` does for `changed`.

            EXAMPLES:
              conncat diff HRFeed
              conncat diff HRFeed --from 3 --to 7
              conncat diff HRFeed --format csv
            """)
    @OptionGroup var catalog: ListingOptions
    @Argument(help: ArgumentHelp("Connection identifier.", valueName: "connection"), completion: Completions.names(.connection)) var connection: String
    @Option(help: ArgumentHelp("Older refresh_id (from `conncat history`).", valueName: "refresh-id")) var from: Int64?
    @Option(help: ArgumentHelp("Newer refresh_id.", valueName: "refresh-id")) var to: Int64?

    func run() throws {
        try reportingErrors {
            // `nil` with the number of successful refreshes when there are not two to compare yet.
            let (diff, name, successes, attempted) = try catalog.withCatalog { store -> (SchemaDiff?, String, Int, Bool) in
                do {
                    return (try SchemaHistory.diff(of: connection, from: from, to: to, in: store), connection, 2, true)
                } catch HistoryError.notEnoughSnapshots(let given, let count) {
                    let name = try store.knownConnection(given) ?? given
                    // A connection without export never gets a schema: refreshing again cannot help.
                    guard let summary = try store.connectionSummaries().first(where: { $0.connection == name }),
                        ["no_schema", "not_exported"].contains(summary.schemaStatus), summary.lastSuccessAt == nil
                    else {
                        // A first run has nothing to compare yet: not a failure, as a diff without changes.
                        return (nil, name, count, try store.firstRefreshAt(connection: name) != nil)
                    }
                    throw CommandError(
                        summary.schemaStatus == "no_schema"
                            ? "\(name) has no schema to diff: its package (\(summary.package ?? "none")) has no export"
                            : "\(name) has no schema to diff: its export is turned off (schema status not_exported)")
                }
            }
            guard let diff else {
                switch catalog.format {
                case .json: write(DiffRendering.emptyJSON(connection: name))
                case .csv: write(Renderer.render([DiffRow](), as: .csv))
                case .table: writeFitted(DiffRendering.nothingToCompare(name, successes: successes, attempted: attempted, to: to))
                }
                return
            }
            switch catalog.format {
            case .json: write(DiffRendering.json(diff))
            case .csv: write(Renderer.render(diff.changes.map { DiffRow(change: $0) }, as: .csv))
            case .table:
                writeFitted(DiffRendering.heading(diff))
                write(diff.changes.isEmpty ? "no changes\n" : Renderer.render(diff.changes.map { DiffRow(change: $0, quotingNames: true) }, as: .table))
            }
        }
    }
}

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "List connections whose latest schema refresh failed, and since when.", usage: "conncat audit [<options>]",
        discussion: """
            EXAMPLES:
              conncat audit
              conncat audit --since 2026-11-01
              conncat audit --all --format json
            """)
    @OptionGroup var catalog: ListingOptions
    @Option(help: ArgumentHelp("Only failures at or after this time (ISO 8601).", valueName: "time")) var since: Timestamp?
    @Flag(help: "List every failed attempt, not only the latest per connection.") var all = false

    func run() throws {
        try reportingErrors {
            try catalog.withCatalog { store in
                let rows = try SchemaHistory.audit(since: since, all: all, in: store)
                if rows.isEmpty, catalog.format == .table {
                    writeFitted(try EmptyAnswer.audit(since: since, all: all, in: store))
                } else {
                    Renderer.write(rows, as: catalog.format)
                }
            }
        }
    }
}

extension HistoryEntry: FieldListed {
    // What happened at each attempt: the time, the status and why it failed (wrapped) stay;
    // whether the schema changed before the counts; trigger and source go first.
    static let columnRules: [String: ColumnRule] = [
        "refresh_id": .whole(100), "at": .whole(95), "status": .whole(90), "trigger": .whole(20).collapsing,
        "source": .whole(25).collapsing, "error": .wrap(80, minimum: 24), "table_count": .whole(55),
        "column_count": .whole(50), "changed": .whole(70),
    ]
    /// Every field but the connection, which the command names.
    static let fieldList: [RowField<Self>] = [
        RowField(CodingKeys.refreshID) { .int(Int($0.refreshID)) },
        RowField(CodingKeys.at) { .text($0.at) },
        RowField(CodingKeys.status) { .text($0.status.rawValue) },
        RowField(CodingKeys.trigger) { .text($0.trigger.rawValue) },
        RowField(CodingKeys.source) { .text($0.source.rawValue) },
        RowField(CodingKeys.error) { .text($0.error) },
        RowField(CodingKeys.tableCount) { .int($0.tableCount) },
        RowField(CodingKeys.columnCount) { .int($0.columnCount) },
        RowField(CodingKeys.changed) { .bool($0.changed) },
    ]
}

extension RefreshFileEntry: Renderable {
    // Which files each attempt read and what went wrong: the file and its table (their ends
    // kept), the error and the warning (wrapped) stay; how it was read goes first, then the time
    // (`history` shows it; the refresh id names the attempt).
    static let columnRules: [String: ColumnRule] = [
        "refresh_id": .whole(100), "at": .whole(40), "file": .path(95, minimum: 16), "table": .path(50, minimum: 16),
        "size": .whole(30), "modified_at": .whole(20), "encoding": .cut(35).collapsing, "separator": .whole(34).collapsing,
        "column_count": .whole(45), "error": .wrap(85, minimum: 20), "warning": .wrap(80, minimum: 20),
    ]
    static let fields = [
        "refresh_id", "at", "file", "table", "size", "modified_at", "encoding", "separator",
        "column_count", "error", "warning",
    ]
    var cells: [Cell] {
        [
            .int(Int(refreshID)), .text(at), .text(file.fileName), .text(file.tableName), .int(Int(file.size)),
            .text(file.modifiedAt), .text(file.encoding), .text(file.separator == "\t" ? "tab" : file.separator),
            .int(file.columnCount), .text(file.error), .text(file.warning),
        ]
    }
}

extension FailedRefresh: FieldListed {
    // Which refreshes failed and since when: the time of the failure and of the last success
    // stay whole, the error wraps in the width left (a name kept on one line when it fits);
    // the count of failed attempts, then the refresh id, go first.
    static let columnRules: [String: ColumnRule] = [
        "connection": .whole(100), "failed_at": .whole(95), "error": .wrap(80, minimum: 24), "last_success_at": .whole(90),
        "failed_attempts": .whole(40), "refresh_id": .whole(10),
    ]
    static let fieldList: [RowField<Self>] = [
        RowField(CodingKeys.connection) { .text($0.connection) },
        RowField(CodingKeys.failedAt) { .text($0.failedAt) },
        RowField(CodingKeys.error) { .text($0.error) },
        RowField(CodingKeys.lastSuccessAt) { .text($0.lastSuccessAt) },
        RowField(CodingKeys.failedAttempts) { .int($0.failedAttempts) },
        RowField(CodingKeys.refreshID) { .int(Int($0.refreshID)) },
    ]
}

/// A change as a table/CSV row.
struct DiffRow: Renderable {
    let change: SchemaChange
    /// On a narrow terminal a rename and a move stay visible: the positions are kept whole, the
    /// names (`table`, `column`, `renamed_to`) wrap onto more lines (at `_` first), and a table
    /// that every row shares goes to the note under the table.
    static let columnRules: [String: ColumnRule] = [
        "change": .whole(100), "table": ColumnRule.wrap(90, minimum: 9).collapsing, "column": .wrap(95, minimum: 12),
        "position": .whole(97), "from_position": .whole(96), "renamed_to": .wrap(94, minimum: 14),
    ]
    static let fields = ["change", "table", "column", "position", "from_position", "renamed_to"]
    /// Whether the names are shown as the changes and import reports show them
    /// (``TerminalText/name(_:)``: quoted when a leading or trailing space would be invisible, or
    /// when empty): the table. JSON and CSV keep each name as written.
    var quotingNames = false

    init(change: SchemaChange) { self.change = change }

    init(change: SchemaChange, quotingNames: Bool) {
        self.change = change
        self.quotingNames = quotingNames
    }

    var cells: [Cell] {
        let name = { (value: String?) in quotingNames ? value.map(TerminalText.name) : value }
        return [
            .text(change.change.rawValue), .text(name(change.table)), .text(name(change.column)), .int(change.position),
            .int(change.fromPosition), .text(name(change.renamedTo)),
        ]
    }
}

enum DiffRendering {
    /// `diff --format json` when there are not two successful refreshes to compare: `from`, `to`
    /// and `latest` null, no changes.
    static func emptyJSON(connection: String) -> String {
        "{\n  \"connection\": \(JSONString.quote(connection)),\n  \"from\": null,\n  \"to\": null,\n  \"changes\": [],\n  \"unchanged_after\": 0,\n  \"latest\": null\n}\n"
    }

    /// The table format's answer when there are not two successful refreshes to compare.
    /// - Parameter attempted: whether any refresh of the connection is recorded.
    static func nothingToCompare(_ connection: String, successes: Int, attempted: Bool, to: Int64?) -> String {
        let name = TerminalText.escape(connection)
        if to == nil, successes == 0 {
            // Nothing succeeded yet: refreshing again after the export changed is not the advice.
            return attempted
                ? "\(name): nothing to compare yet: no schema refresh of it succeeded; `conncat history \(name)` shows its attempts and why "
                    + "they failed: fix its export files, then `conncat refresh-schema`.\n"
                : "\(name): nothing to compare yet: its schema was never refreshed; refresh it with "
                    + "`conncat refresh-schema --export-dir DIR --connection \(name)`, and again after the export changed.\n"
        }
        let what =
            to.map { "refresh \($0) is its first successful schema refresh: there is none before it to compare with" }
            ?? "it has \(successes) successful schema refresh\(successes == 1 ? "" : "es") and a diff compares two"
        return
            "\(name): nothing to compare yet: \(what); refresh the schema again after the export changed (`conncat refresh-schema`).\n"
    }

    /// The line above the changes: which refreshes are compared and, without `--from`/`--to`,
    /// that they are the latest change and what the refreshes since found.
    static func heading(_ diff: SchemaDiff) -> String {
        func side(_ side: SchemaDiff.Side) -> String { "refresh \(side.refreshID) (\(side.at))" }
        let sides = "\(side(diff.from)) -> \(side(diff.to))"
        let name = TerminalText.name(diff.connection)
        switch diff.selection {
        case .requested:
            return "\(name): \(sides)\n"
        case .neverChanged:
            return "\(name): \(sides): the schema never changed (the first and the latest successful refresh)\n"
        case .latestChange:
            guard let latest = diff.latest, diff.unchangedAfter > 0 else {
                return "\(name): the latest schema change, \(sides) (the latest successful refresh)\n"
            }
            let since =
                diff.unchangedAfter == 1
                ? "the successful refresh since, \(side(latest)), found the same schema"
                : "the \(diff.unchangedAfter) successful refreshes since, up to \(side(latest)), found the same schema"
            return "\(name): the latest schema change, \(sides); \(since)\n"
        }
    }

    /// One JSON object: `connection`, `from`, `to` (`refresh_id`, `at`), `changes`, and, without
    /// `--from`/`--to`, `unchanged_after` and `latest`.
    static func json(_ diff: SchemaDiff) -> String {
        func side(_ side: SchemaDiff.Side) -> String {
            "{\"refresh_id\": \(side.refreshID), \"at\": \(JSONString.quote(side.at))}"
        }
        let changes = diff.changes.map { change in
            "    {"
                + zip(DiffRow.fields, DiffRow(change: change).cells).map { "\(JSONString.quote($0)): \($1.json)" }
                .joined(separator: ", ") + "}"
        }
        return "{\n  \"connection\": \(JSONString.quote(diff.connection)),\n  \"from\": \(side(diff.from)),\n"
            + "  \"to\": \(side(diff.to)),\n  \"changes\": [" + (changes.isEmpty ? "]" : "\n" + changes.joined(separator: ",\n") + "\n  ]")
            + ",\n  \"unchanged_after\": \(diff.unchangedAfter),\n  \"latest\": \(diff.latest.map(side) ?? "null")\n}\n"
    }
}
