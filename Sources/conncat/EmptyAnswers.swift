import ConnectionCatalog

/// What a table-format command says instead of an empty table: why there is nothing to show.
enum EmptyAnswer {
    /// `columns` (or `tables`, with `noun` "tables") found nothing.
    static func schemaListing(
        _ noun: String, connection: String?, table: String?, unmappedOnly: Bool, asOf: Timestamp?,
        in store: Catalog
    ) throws -> String {
        if let asOf {
            if let span = try store.importSpan(), asOf < span.first {
                let covers =
                    span.first == span.latest
                    ? "its one import is at \(span.first)" : "its imports span \(span.first) (the first) to \(span.latest) (the latest)"
                return "No \(noun) as of \(asOf): the catalog knew nothing then; \(covers).\n"
            }
            let first = try store.firstSuccessAt(connection: connection)
            if first == nil || first! > asOf {
                let whose = connection.map { "\($0)'s schema history" } ?? "schema history"
                return "No \(noun) as of \(asOf): "
                    + (first.map { "\(whose) starts at \($0) (the first successful refresh).\n" }
                        ?? "no successful schema refresh is recorded\(connection.map { " for \($0)" } ?? "").\n")
            }
        }
        if let connection, let summary = try store.connectionSummaries().first(where: { $0.connection == connection }) {
            switch summary.schemaStatus {
            case "no_schema" where summary.lastSuccessAt == nil:
                return "No \(noun) for \(connection): its package (\(summary.package ?? "none")) has no export, so it has no schema to map from.\n"
            case "never":
                return
                    "No \(noun) for \(connection): its schema was never refreshed; refresh it with `conncat refresh-schema --export-dir DIR --connection \(connection)`.\n"
            case "failed" where summary.lastSuccessAt == nil:
                return
                    "No \(noun) for \(connection): every schema refresh failed (latest at \(summary.lastRefreshAt ?? "?")); `conncat history \(connection)` shows why.\n"
            default: break
            }
        }
        if let table {
            let scope = connection.map { " of connection \($0)" } ?? ""
            return "No \(noun): table \(Renderer.display(table)) is in no schema in force\(scope)"
                + (unmappedOnly ? ", or every column of it is used by a mapping.\n" : ".\n")
        }
        if unmappedOnly { return "No unmapped \(noun): every available column is used by a mapping.\n" }
        if try store.firstRefreshAt(connection: connection) == nil {
            return "No \(noun): no schema refresh is recorded yet; refresh with `conncat refresh-schema --export-dir DIR`.\n"
        }
        return "No \(noun) in the schemas in force.\n"
    }

    /// `columns --column PATTERN` found nothing: the columns that match but that `--unmapped`
    /// (mapped ones) or the absence of `--all` (technical ones) left out, and the option to change.
    static func noColumnMatches(_ pattern: String, connection: String?, leftOut: ColumnsLeftOut) -> String {
        let head = "No columns match '\(Renderer.display(pattern))'\(connection.map { " in connection \($0)" } ?? "")"
        func names(_ columns: [AvailableColumn]) -> String {
            let shown = columns.prefix(3).map { "\(Renderer.display($0.column)) (\(Renderer.display($0.table)))" }
            return shown.joined(separator: ", ") + (columns.count > 3 ? " and \(columns.count - 3) more" : "")
        }
        var reasons: [String] = []
        if !leftOut.mapped.isEmpty {
            let one = leftOut.mapped.count == 1
            let by = one ? ", by \(leftOut.mapped[0].mappedBy.map(Renderer.display).joined(separator: ", "))" : ""
            reasons.append(
                "\(names(leftOut.mapped)) \(one ? "exists but is" : "exist but are") mapped\(by); drop --unmapped to see \(one ? "it" : "them")")
        }
        if !leftOut.technical.isEmpty {
            let one = leftOut.technical.count == 1
            reasons.append(
                "\(names(leftOut.technical)) \(one ? "is a technical column" : "are technical columns") (the incremental command column); add --all to see \(one ? "it" : "them")"
            )
        }
        return head + (reasons.isEmpty ? "" : ": " + reasons.joined(separator: "; ")) + ".\n"
    }

    /// `history` (or `history --files`) of a connection without any refresh attempt: why, and
    /// what to run.
    static func history(of connection: String, files: Bool, in store: Catalog) throws -> String {
        let name = TerminalText.escape(try store.knownConnection(connection) ?? connection)
        if files, try store.firstRefreshAt(connection: connection) != nil {
            return "No export file read for \(name): none of its schema refreshes found an export file; `conncat history \(name)` shows them.\n"
        }
        return "No schema refresh of \(name) is recorded yet; refresh it with `conncat refresh-schema --export-dir DIR --connection \(name)` "
            + "(or import the working directory again).\n"
    }

    /// `audit` found no failure: what was checked, said exactly (the latest attempt of each
    /// connection, or every attempt; at or after `since`), and the failures the question left
    /// out (earlier ones, or the latest failures before `since`) with the command that lists them.
    static func audit(since: Timestamp?, all: Bool, in store: Catalog) throws -> String {
        guard let first = try store.firstRefreshAt() else { return "No schema refresh is recorded yet, so none failed.\n" }
        let scope = since.map { " at or after \($0)" } ?? ""
        let sinceOption = since.map { " --since \($0)" } ?? ""
        func attempts(_ count: Int) -> String { count == 1 ? "1 attempt" : "\(count) attempts" }
        func latest(_ rows: [FailedRefresh]) -> String {
            let names = Set(rows.map { Identifier.fold($0.connection) }).count
            let last = rows.max { ($0.failedAt, $0.refreshID) < ($1.failedAt, $1.refreshID) }!
            let when = rows.count == 1 ? "at \(last.failedAt)" : "the latest at \(last.failedAt)"
            return names == 1 ? "\(Renderer.display(last.connection)), \(when)" : "\(names) connections, \(when) (\(Renderer.display(last.connection)))"
        }
        if all {
            var text = "No schema refresh attempt failed\(scope)" + (since == nil ? " (the first attempt was at \(first))" : "")
            if let since {
                let after = Set(try SchemaHistory.audit(since: since, all: true, in: store).map(\.refreshID))
                let before = try SchemaHistory.audit(since: nil, all: true, in: store).filter { !after.contains($0.refreshID) }
                if !before.isEmpty {
                    text += "; earlier, \(attempts(before.count)) failed (\(latest(before))): `conncat audit --all` lists \(before.count == 1 ? "it" : "them")"
                }
            }
            return text + ".\n"
        }
        let connections = try store.connectionSummaries().count
        var text = "No connection's latest schema refresh failed\(scope)"
        let latestFailures = since == nil ? [] : try SchemaHistory.audit(since: nil, all: false, in: store)
        if latestFailures.isEmpty {
            text +=
                connections == 1
                ? ": the latest refresh of its one connection succeeded or has no schema"
                : ": the latest refresh of each of the \(connections) connections succeeded or has no schema"
        } else {
            let names = latestFailures.prefix(5).map { Renderer.display($0.connection) }
            let more = latestFailures.count > 5 ? " and \(latestFailures.count - 5) more" : ""
            text +=
                "; the latest refresh of \(names.joined(separator: ", "))\(more) failed before \(since!) "
                + "(\(latestFailures.count == 1 ? "at" : "the latest at") \(latestFailures.map(\.failedAt).max()!)): "
                + "`conncat audit` lists \(latestFailures.count == 1 ? "it" : "them")"
        }
        let earlier = try SchemaHistory.audit(since: since, all: true, in: store)
        if !earlier.isEmpty {
            text +=
                ". Earlier, \(attempts(earlier.count))\(scope) failed (\(latest(earlier))): `conncat audit --all\(sinceOption)` lists "
                + (earlier.count == 1 ? "it" : "them")
        }
        return text + ".\n"
    }
}
