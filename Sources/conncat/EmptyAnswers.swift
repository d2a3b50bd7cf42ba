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

    /// `audit` found no failure.
    static func audit(since: Timestamp?, all: Bool, in store: Catalog) throws -> String {
        guard let first = try store.firstRefreshAt() else { return "No schema refresh is recorded yet, so none failed.\n" }
        let from = since ?? first
        return all
            ? "No connection failed since \(from).\n"
            : "No connection failed since \(from): the latest schema refresh of every connection succeeded or has no schema.\n"
    }
}
