import ConnectionCatalog
import Foundation

/// Text shown after `import` and `refresh-schema`.
enum ImportReport {
    /// - Parameter given: the folder as the user typed it; the inputs found are shown relative to it.
    /// - Parameter folding: fold the refresh's routine lines (``renderRefresh(_:at:sourceFolder:folding:)``).
    /// - Parameter settingsMatch: how the agent settings' `Connections` members match the declared
    ///   connections; without it, the listing counts the members.
    /// - Parameter breaking: with `--fail-on-breaking`, the mappings a schema change breaks as the
    ///   catalog stands (``including(_:in:)``); an unchanged import lists them under its line.
    static func render(
        _ result: ImportResult, given: String, catalogPath: String, folding: Bool = false, settingsMatch: AgentSettingsMatch? = nil,
        breaking: [BrokenMapping] = []
    ) -> String {
        let c = result.summary
        let record = result.record
        func shown(_ path: String) -> String {
            let root = URL(fileURLWithPath: record.sourceFolder).standardizedFileURL.path
            if path == root { return e(given) }
            guard path.hasPrefix(root + "/") else { return e(path) }
            return e((given.hasSuffix("/") ? given : given + "/") + path.dropFirst(root.count + 1))
        }
        var out = "Imported \(e(given)) into \(e(catalogPath)) (import #\(record.id ?? 0) at \(record.importedAt))\n"
        out += "  configuration:  \(shown(record.configurationFolder)): \(plural(record.xmlFileCount, "XML file")), "
        out += "\(plural(record.elementCount, "element")) (\(plural(c.connections, "connection")), "
        out += "\(plural(c.connectionTables, "connection table")), \(plural(c.entityTypes, "entity type")), "
        out += "\(plural(c.entityTypeMappings, "entity type mapping")), \(plural(c.entityAssociationMappings, "association mapping")), "
        out += "\(plural(c.resourceTypeMappings, "resource type mapping")), \(plural(c.tasks, "task")))\n"
        if let settings = result.agentSettings {
            let counted = settingsMatch.map(describe) ?? plural(settings.connections.count, "connection")
            out += "  agent settings: \(shown(record.agentSettingsFile ?? settings.file)): \(counted)\n"
        } else if let count = result.storedAgentSettingsConnections, let file = record.agentSettingsFile {
            out += "  agent settings: \(shown(file)): \(settingsMatch.map(describe) ?? plural(count, "connection"))\n"
        } else {
            // The paths as looked for, from where the user is: a bare `Runtime/...` reads as the current folder's.
            let root = URL(fileURLWithPath: record.sourceFolder).standardizedFileURL.path
            out += "  agent settings: none found (looked for \(shown(root + "/Runtime/appsettings.agent.json")) and "
            out += "\(shown(root + "/appsettings.agent.json")))\n"
        }
        if let exportFolder = result.exportFolderWithoutExportFiles {
            out += "  export output:  \(shown(exportFolder)): holds no export file; no schema refresh\n"
        } else if let exportFolder = record.exportFolder {
            out += "  export output:  \(shown(exportFolder))\n"
        } else {
            let root = URL(fileURLWithPath: record.sourceFolder).standardizedFileURL.path
            out += "  export output:  none found (looked for \(shown(root + "/Temp/ExportOutput")) and \(shown(root + "/ExportOutput"))); no schema refresh\n"
        }
        out += record.changed ? "  configuration stored\n" : "  configuration unchanged since the previous import\n"
        if let loss = result.noLongerDeclared { out += e(DeclarationLossReport.listing(loss)) + "\n" }
        if let previous = result.unchangedSince {
            out += "  every input unchanged since import #\(previous): nothing read again; the latest schema refresh stands\n"
            for broken in breaking {
                out += "  \(e(broken.connection)): breaks \(e(breakage(broken, sourceFolder: record.sourceFolder)))\n"
            }
        }
        if let refresh = result.refresh {
            out += renderRefresh(including(breaking, in: refresh), at: record.importedAt, sourceFolder: record.sourceFolder, folding: folding)
        }
        return out
    }

    /// `2 of 2 connections have settings; 1 key under Connections matches no declared connection:
    /// OldConn`: the declared connections that have settings, then the members of `Connections`
    /// that no Connection declares (the first five, then how many more).
    static func describe(_ match: AgentSettingsMatch) -> String {
        var text = "\(match.withSettings) of \(plural(match.declared, "connection")) \(match.declared == 1 ? "has" : "have") settings"
        if !match.undeclared.isEmpty {
            let count = match.undeclared.count
            text += "; \(plural(count, "key")) under Connections \(count == 1 ? "matches" : "match") no declared connection: "
            text += DeclarationLossReport.bounded(match.undeclared.map(TerminalText.name), limit: 5)
        }
        return text
    }

    /// The warning line (standard error) of an import whose export folder holds no export file:
    /// no schema was refreshed, and what to do.
    static func noExportFileWarning(_ folder: String) -> String {
        "conncat: warning: \(DisplayPath.shown(folder)) holds no export file (no *.csv file): no schema refreshed, none recorded as failed; "
            + "run `conncat refresh-schema` once the export tasks wrote to it, or give the ExportOutput folder they write to with --export-dir DIR"
    }

    /// One line on standard error per failed refresh (`--quiet`), broken to a terminal's width
    /// as every error line.
    static func reportFailures(_ outcome: RefreshOutcome) {
        for attempt in outcome.attempts where attempt.status == .failed {
            writeError("\(attempt.connection): schema refresh FAILED (\(attempt.errorClass?.rawValue ?? "failed")): \(attempt.errorMessage ?? "")")
        }
    }

    /// The one error line of an import that exits 2: the connections whose latest schema refresh
    /// failed (the first five, then `and N more`), when each failed and last succeeded, and what
    /// to do.
    /// - Parameter standingSince: the earlier import whose inputs this one found unchanged (the
    ///   latest schema refresh stands, whichever command recorded it), `nil` for a refresh of
    ///   this import.
    /// - Parameter refreshOnly: the line of `refresh-schema` (no configuration imported).
    static func failureLine(_ failed: [FailedRefresh], standingSince: Int64?, refreshOnly: Bool = false) -> String {
        let sorted = failed.sorted { $0.connection.lowercased() < $1.connection.lowercased() }
        var names = sorted.prefix(5).map { failure in
            "\(failure.connection) (failed at \(failure.failedAt), "
                + (failure.lastSuccessAt.map { "last success \($0)" } ?? "never succeeded") + ")"
        }
        if sorted.count > 5 { names.append("and \(sorted.count - 5) more") }
        let what = "the schema refresh failed for \(plural(sorted.count, "connection")): \(names.joined(separator: ", "))"
        if refreshOnly {
            return "error: \(what); the other attempts are recorded; `conncat audit` says why: fix the export files, then refresh again"
        }
        let head =
            standingSince.map { "every input unchanged since import #\($0), and no schema refresh since: " + what }
            ?? what + "; the configuration is imported"
        return "error: \(head); `conncat audit` says why: fix the export files, then import again"
    }

    /// The one error line of an `import` or `refresh-schema` that exits 3: the mappings a schema
    /// change broke (the first five, then `and N more`), each with its file:line, and what to do.
    /// - Parameter sourceFolder: the imported folder the mappings' files lie in.
    /// - Parameter then: what to run once they are fixed (`import again`).
    static func breakingLine(_ broken: [BrokenMapping], sourceFolder: String?, then: String) -> String {
        var names = broken.prefix(5).map {
            "\($0.subject) (\(TextWrap.glued(DisplayPath.location($0.location.file, line: $0.location.line, base: sourceFolder))))"
        }
        if broken.count > 5 { names.append("and \(broken.count - 5) more") }
        let what = "a schema change breaks \(plural(broken.count, "mapping")): \(names.joined(separator: ", "))"
        return "error: \(what); `conncat check` lists them: fix the mappings (or the export), then \(then)"
    }

    /// `import --format json` when every input is unchanged: the failures of the refresh that
    /// stands, one object each in the shape of ``json(_:)``'s failed refreshes, and (with
    /// `--fail-on-breaking`) the connections whose mappings `breaking` lists, each with its latest
    /// attempt's status and time from `summaries`.
    static func json(standing: [FailedRefresh], breaking: [BrokenMapping] = [], summaries: [ConnectionSummary] = []) -> String {
        let failures = Dictionary(standing.map { ($0.connection.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        let broken = Dictionary(grouping: breaking) { $0.connection.lowercased() }
        let latest = Dictionary(summaries.map { ($0.connection.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        let names = (standing.map(\.connection) + breaking.map(\.connection)).reduce(into: [String: String]()) {
            $0[$1.lowercased()] = $0[$1.lowercased()] ?? $1
        }
        guard !names.isEmpty else { return "[]\n" }
        let objects = names.sorted { $0.key < $1.key }.map { key, name in
            let failure = failures[key]
            let mappings = (broken[key] ?? []).map { "      " + brokenJSON($0) }
            return "  {\n"
                + [
                    ("connection", Cell.text(name).json),
                    ("status", Cell.text(failure != nil ? RefreshStatus.failed.rawValue : latest[key]?.schemaStatus).json),
                    ("changed", Cell.bool(nil).json), ("changes", "[]"),
                    ("broken_mappings", mappings.isEmpty ? "[]" : "[\n" + mappings.joined(separator: ",\n") + "\n    ]"),
                    ("at", Cell.text(failure?.failedAt ?? latest[key]?.lastRefreshAt).json), ("error", Cell.text(failure?.error).json),
                    ("table_count", Cell.int(nil).json), ("column_count", Cell.int(nil).json),
                ].map { "    \(JSONString.quote($0.0)): \($0.1)" }.joined(separator: ",\n") + "\n  }"
        }
        return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }

    /// `outcome` with each connection's broken mappings completed by `breaking`, the mappings a
    /// schema change breaks as the catalog stands (which an earlier refresh may have recorded):
    /// with `--fail-on-breaking`, the output names every mapping behind exit code 3.
    static func including(_ breaking: [BrokenMapping], in outcome: RefreshOutcome) -> RefreshOutcome {
        guard !breaking.isEmpty else { return outcome }
        var outcome = outcome
        let byConnection = Dictionary(grouping: breaking) { $0.connection.lowercased() }
        for index in outcome.impact.indices {
            let own = outcome.impact[index].brokenMappings
            func key(_ b: BrokenMapping) -> String { "\(b.subject)\u{0}\(b.attribute)\u{0}\(b.column ?? "")\u{0}\(b.location)" }
            let known = Set(own.map(key))
            let standing = (byConnection[outcome.impact[index].connection.lowercased()] ?? []).filter { !known.contains(key($0)) }
            outcome.impact[index].brokenMappings = own + standing
        }
        return outcome
    }

    /// One `broken_mappings` object of the JSON output, on one line.
    static func brokenJSON(_ b: BrokenMapping) -> String {
        "{"
            + [
                ("mapping", Cell.text(b.mapping).json), ("property", Cell.text(b.property).json),
                ("column", Cell.text(b.column).json), ("table", Cell.text(b.table).json),
                ("file", Cell.text(b.location.file).json), ("line", Cell.int(b.location.line).json),
                ("suggestion", Cell.text(b.suggestion).json), ("kind", Cell.text(b.kind).json),
                ("attribute", Cell.text(b.attribute).json), ("suggestion_reason", Cell.text(b.suggestionReason?.rawValue).json),
                ("removed_at", Cell.text(b.removedAt).json),
            ].map { "\(JSONString.quote($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// Connections whose refresh failed.
    static func failedCount(_ outcome: RefreshOutcome) -> Int {
        outcome.attempts.filter { $0.status == .failed }.count
    }

    /// Connections a refresh lists one line each on a terminal; above this, the routine lines
    /// are folded (``renderRefresh(_:at:sourceFolder:folding:)``), so that the listing fits a
    /// screen.
    static let listedConnections = 25

    /// Whether a listing of `connections` connections folds its routine lines: on a terminal
    /// (`width` set) only; a pipe or a file gets every line.
    static func folds(connections: Int, width: Int?) -> Bool {
        width != nil && connections > listedConnections
    }

    /// - Parameter sourceFolder: the imported folder the mappings' files lie in; each is shown
    ///   relative to the current directory when under it, absolute otherwise.
    /// - Parameter folding: leave out the routine lines (a success whose schema did not change
    ///   and breaks nothing, a connection without schema or not exported, none with a warning)
    ///   and count them on one line that names the command listing them. Failures, changed
    ///   schemas, broken mappings and warnings are always listed.
    static func renderRefresh(_ outcome: RefreshOutcome, at: String, sourceFolder: String?, folding: Bool = false) -> String {
        let counts = Dictionary(grouping: outcome.attempts, by: \.status).mapValues(\.count)
        var out = "Schema refresh at \(at): \(counts[.success] ?? 0) succeeded, \(counts[.failed] ?? 0) failed, "
        out += "\(counts[.noSchema] ?? 0) without schema"
        if let notExported = counts[.notExported] { out += ", \(notExported) not exported" }
        out += "\n"
        let sorted = outcome.attempts.sorted { $0.connection.lowercased() < $1.connection.lowercased() }
        let impacts = Dictionary(outcome.impact.map { ($0.connection.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        var folded: [RefreshStatus: Int] = [:]
        for attempt in sorted {
            if folding, attempt.status != .failed, attempt.files.allSatisfy({ $0.warning == nil }) {
                let impact = impacts[attempt.connection.lowercased()]
                if impact.map({ $0.changed != true && $0.brokenMappings.isEmpty }) ?? true {
                    folded[attempt.status, default: 0] += 1
                    continue
                }
            }
            switch attempt.status {
            case .success:
                let snapshot = attempt.snapshot ?? SchemaSnapshot(tables: [])
                out += "  \(e(attempt.connection)): success, \(plural(snapshot.tables.count, "table")), \(plural(snapshot.columnCount, "column"))"
                let impact = impacts[attempt.connection.lowercased()]
                if let impact, impact.changed == true {
                    out += "; schema changed (\(changeSummary(impact.changes)))"
                }
                out += "\n"
                for broken in impact?.brokenMappings ?? [] { out += "    breaks \(e(breakage(broken, sourceFolder: sourceFolder)))\n" }
                for file in attempt.files { if let warning = file.warning { out += "    warning: \(e(file.fileName)): \(e(warning))\n" } }
            case .failed:
                out += "  \(e(attempt.connection)): FAILED (\(e(attempt.errorClass?.rawValue ?? "failed"))): \(e(attempt.errorMessage ?? ""))\n"
                // The schema in force (the last success) may still break mappings.
                for broken in impacts[attempt.connection.lowercased()]?.brokenMappings ?? [] {
                    out += "    breaks \(e(breakage(broken, sourceFolder: sourceFolder)))\n"
                }
            case .noSchema:
                out += "  \(e(attempt.connection)): no schema (its package has no export)\n"
                for file in attempt.files { if let warning = file.warning { out += "    warning: \(e(file.fileName)): \(e(warning))\n" } }
            case .notExported:
                out += "  \(e(attempt.connection)): not exported (nothing in the configuration exports it; not a failure)\n"
                for file in attempt.files { if let warning = file.warning { out += "    warning: \(e(file.fileName)): \(e(warning))\n" } }
            }
        }
        let foldedCount = folded.values.reduce(0, +)
        if foldedCount > 0 {
            var kinds: [String] = []
            if let n = folded[.success] { kinds.append("\(n) succeeded") }
            if let n = folded[.noSchema] { kinds.append("\(n) without schema") }
            if let n = folded[.notExported] { kinds.append("\(n) not exported") }
            let listed = foldedCount < outcome.attempts.count
            out +=
                "  \(plural(foldedCount, listed ? "other connection" : "connection")) not listed (\(kinds.joined(separator: ", "))): "
                + "none failed, changed its schema or broke a mapping; \(TextWrap.glued("`conncat connections`")) lists them with their schema status\n"
        }
        if !outcome.attempts.isEmpty,
            outcome.attempts.allSatisfy({ $0.errorClass == .noExportOutput || $0.status == .noSchema || $0.status == .notExported }),
            outcome.unattributedFiles.isEmpty, outcome.attempts.contains(where: { $0.status == .failed })
        {
            out += "  no export file of any connection in this folder: is it the ExportOutput folder (<TempFolderPath>/ExportOutput)?\n"
        }
        if !outcome.unattributedFiles.isEmpty {
            out += "  export files that belong to no connection: \(e(outcome.unattributedFiles.joined(separator: ", ")))\n"
        }
        return out
    }

    /// `+1 column, -1 column`, then tables added or removed and columns moved.
    static func changeSummary(_ changes: [SchemaChange]) -> String {
        let addedTables = Set(changes.filter { $0.change == .tableAdded }.map { $0.table.lowercased() })
        func count(_ kind: SchemaChange.Kind) -> Int {
            changes.filter { $0.change == kind && !(kind == .columnAdded && addedTables.contains($0.table.lowercased())) }.count
        }
        var parts: [String] = []
        if count(.columnAdded) > 0 { parts.append("+" + plural(count(.columnAdded), "column")) }
        if count(.columnRemoved) > 0 { parts.append("-" + plural(count(.columnRemoved), "column")) }
        if count(.tableAdded) > 0 { parts.append("+" + plural(count(.tableAdded), "table")) }
        if count(.tableRemoved) > 0 { parts.append("-" + plural(count(.tableRemoved), "table")) }
        if count(.columnMoved) > 0 { parts.append("\(plural(count(.columnMoved), "column")) moved") }
        if count(.columnCaseChanged) > 0 { parts.append("\(plural(count(.columnCaseChanged), "column")) in other letter case") }
        return parts.joined(separator: ", ")
    }

    /// `SN_User:EmployeeNumber (Conf/...:42): employee_number removed, maybe renamed to employee_no`.
    static func breakage(_ broken: BrokenMapping, sourceFolder: String?) -> String {
        let place = TextWrap.glued(DisplayPath.location(broken.location.file, line: broken.location.line, base: sourceFolder))
        var out = "\(broken.subject) (\(place)): "
        let shown = TerminalText.name
        out += broken.column.map { "\(shown($0)) removed" } ?? "table \(shown(broken.table)) removed"
        switch (broken.suggestion, broken.suggestionReason) {
        case (let name?, .renamed?): out += ", maybe renamed to \(shown(name))"
        case (let name?, _): out += "; did you mean \(shown(name))?"
        default: break
        }
        return out
    }

    /// `refresh-schema --format json` and `import --format json`: one object per connection
    /// refreshed, sorted by connection.
    static func json(_ outcome: RefreshOutcome?) -> String {
        guard let outcome, !outcome.impact.isEmpty else { return "[]\n" }
        func object(_ pairs: [(String, String)]) -> String {
            "{" + pairs.map { "\(JSONString.quote($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
        }
        func list(_ items: [String], indent: String) -> String {
            items.isEmpty ? "[]" : "[\n" + items.map { indent + "  " + $0 }.joined(separator: ",\n") + "\n\(indent)]"
        }
        // A first success lists every column as added; built here, one connection at a time.
        let snapshots = Dictionary(
            outcome.attempts.compactMap { attempt in attempt.snapshot.map { (attempt.connection.lowercased(), $0) } },
            uniquingKeysWith: { first, _ in first })
        let objects = outcome.impact.map { impact -> String in
            let changed =
                impact.status == .success && !impact.hadPreviousSchema
                ? ConnectionRefreshImpact.firstSchemaChanges(of: snapshots[impact.connection.lowercased()] ?? SchemaSnapshot(tables: []))
                : impact.changes
            let changes = changed.map { change in object(zip(DiffRow.fields, DiffRow(change: change).cells).map { ($0, $1.json) }) }
            let broken = impact.brokenMappings.map(brokenJSON)
            return "  {\n"
                + [
                    ("connection", Cell.text(impact.connection).json), ("status", Cell.text(impact.status.rawValue).json),
                    ("changed", Cell.bool(impact.changed).json), ("changes", list(changes, indent: "    ")),
                    ("broken_mappings", list(broken, indent: "    ")), ("at", Cell.text(impact.at).json),
                    ("error", Cell.text(impact.error).json), ("table_count", Cell.int(impact.tableCount).json),
                    ("column_count", Cell.int(impact.columnCount).json),
                ].map { "    \(JSONString.quote($0.0)): \($0.1)" }.joined(separator: ",\n") + "\n  }"
        }
        return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }

    /// Tables and their mappable columns, `*` marking the columns a mapping uses, built table by
    /// table for a listing streamed from the catalog: tables come sorted by connection then
    /// table, so a table's block is written as soon as the next table starts.
    struct AvailableListing {
        /// Count the tables and columns instead of listing them (``finish()`` says how many, and
        /// which commands list them).
        var folded = false
        private var tables = 0
        private var connections: [String] = []
        private var columnTotal = 0
        private var mappedTotal = 0
        private var key: String?
        private var names: [String] = []
        private var mapped = 0
        private var technical = 0
        private var started = false

        /// The text to write before the columns of one table (all of one connection and table):
        /// the heading before the first table, the previous table's block.
        mutating func add(table columns: [AvailableColumn]) -> String {
            guard let first = columns.first else { return "" }
            if folded {
                started = true
                tables += 1
                if connections.last.map({ Identifier($0) != Identifier(first.connection) }) ?? true { connections.append(first.connection) }
                let listed = columns.filter { !$0.technical }
                columnTotal += listed.count
                mappedTotal += listed.filter { !$0.mappedBy.isEmpty }.count
                return ""
            }
            let tableKey = "\(e(first.connection)) / \(e(first.table))"
            var out = ""
            if !started {
                started = true
                out = "\nColumns available for mapping (* = used by a mapping):\n"
            }
            if key != tableKey {
                out += block()
                key = tableKey
            }
            for column in columns {
                // A technical column (the incremental `command`) counts, as in `conncat tables`,
                // but is not listed: nothing maps it.
                if column.technical {
                    technical += 1
                    continue
                }
                names.append(column.mappedBy.isEmpty ? e(column.column) : "\(e(column.column))*")
                if !column.mappedBy.isEmpty { mapped += 1 }
            }
            return out
        }

        /// The text after the last column: the last table's block, or the hint when there was none.
        mutating func finish() -> String {
            guard started else { return "\nNo columns available for mapping yet: refresh a schema with `conncat refresh-schema --export-dir DIR`.\n" }
            if folded {
                func command(_ text: String) -> String { TextWrap.glued("`conncat columns\(text)`") }
                return "\nColumns available for mapping: \(columnTotal) (\(mappedTotal) used by a mapping) in "
                    + "\(plural(tables, "table")) of \(plural(connections.count, "connection")); list them with "
                    + "\(command(" --connection ID")) (one connection), \(command(" --unmapped")) (those no mapping uses) or \(command("")) (all)\n"
            }
            return block()
        }

        private mutating func block() -> String {
            guard let key else { return "" }
            let counts =
                technical > 0
                ? "\(plural(names.count + technical, "column")), \(technical) technical, \(mapped) mapped"
                : "\(plural(names.count, "column")), \(mapped) mapped"
            let out = "  \(key) (\(counts))\n    " + names.joined(separator: ", ") + "\n"
            names.removeAll(keepingCapacity: true)
            mapped = 0
            technical = 0
            return out
        }
    }
}

/// `value` made safe for the terminal (``TerminalText/escape(_:)``).
private func e(_ value: String) -> String { TerminalText.escape(value) }

/// `1 table`, `2 tables`.
func plural(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
