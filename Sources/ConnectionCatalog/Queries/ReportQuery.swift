/// What a report covers.
public struct ReportRequest: Sendable, Equatable {
    /// Only these connections (case-insensitive); empty = every connection.
    public var connections: [String]
    /// The most refresh attempts kept per connection (the latest ones).
    public var maxAttempts: Int
    /// The most recent changes listed.
    public var maxChanges: Int

    public init(connections: [String] = [], maxAttempts: Int = 200, maxChanges: Int = 100) {
        self.connections = connections
        self.maxAttempts = maxAttempts
        self.maxChanges = maxChanges
    }
}

/// Gathers a ``CatalogReport``: the overview of every connection (status, last success, failed
/// attempts since), each connection's refresh attempts with what changed, the columns of the
/// snapshots in force with the mappings that use them, the check's findings with their rule's
/// documentation page, and the latest schema change of each connection.
///
/// It reads the catalog in a few bulk queries, so that a catalog of thousands of connections
/// takes seconds. It reads no setting value.
public enum ReportQuery {
    /// - Parameter now: the report's time, `nil` = now.
    /// - Throws: ``CatalogError/unknownConnection(_:)`` for a requested connection the catalog
    ///   does not know; ``CatalogError/noConfiguration(path:)`` when nothing was imported; a
    ///   `DatabaseError` when the catalog cannot be read.
    public static func run(_ request: ReportRequest, in catalog: Catalog, now: Timestamp? = nil) throws -> CatalogReport {
        var selected: Set<String>?
        if !request.connections.isEmpty {
            selected = []
            for wanted in request.connections {
                guard let known = try catalog.knownConnection(wanted) else { throw CatalogError.unknownConnection(wanted) }
                selected?.insert(Identifier.fold(known))
            }
        }
        func included(_ connection: String) -> Bool { selected.map { $0.contains(Identifier.fold(connection)) } ?? true }

        let latestImport = try catalog.latestImport()
        let checkInput = try ConfigurationCheck.input(from: catalog)
        let summaries = try catalog.connectionSummaries().filter { included($0.connection) }
        var histories: [String: [HistoryEntry]] = [:]
        for (connection, entries) in try catalog.allRefreshHistories() where included(connection) {
            histories[Identifier.fold(connection)] = entries
        }
        var failures: [String: Int] = [:]
        for failed in try catalog.failedRefreshes(since: nil, latestOnly: true) {
            failures[Identifier.fold(failed.connection)] = failed.failedAttempts
        }
        var tables: [String: [CatalogReport.Table]] = [:]
        var tableIndex: [String: Int] = [:]
        for table in try catalog.tableSummaries(connection: nil, asOf: nil) where included(table.connection) {
            let key = Identifier.fold(table.connection)
            tableIndex[key + "\u{0}" + Identifier.fold(table.table)] = tables[key, default: []].count
            tables[key, default: []].append(
                CatalogReport.Table(
                    name: table.table, snapshotAt: table.snapshotAt,
                    stale: table.stale, mapped: table.mapped, columns: []))
        }
        try catalog.forEachAvailableColumn(connection: nil, tables: nil, asOf: nil) { column in
            let key = Identifier.fold(column.connection)
            guard included(column.connection), let index = tableIndex[key + "\u{0}" + Identifier.fold(column.table)] else { return }
            tables[key]?[index].columns.append(
                CatalogReport.Column(
                    name: column.column, position: column.position,
                    technical: column.technical, mappedBy: column.mappedBy))
        }

        var snapshots: [Int64: SchemaSnapshot] = [:]
        func snapshot(_ id: Int64) throws -> SchemaSnapshot {
            if let known = snapshots[id] { return known }
            let loaded = try catalog.snapshot(id: id)
            snapshots[id] = loaded
            return loaded
        }
        var changes: [ReportChange] = []
        var connections: [CatalogReport.Connection] = []
        for summary in summaries {
            let key = Identifier.fold(summary.connection)
            let entries = histories[key] ?? []
            let kept = entries.suffix(max(0, request.maxAttempts))
            // The previous success of each kept attempt, to diff changed snapshots against it.
            var previousSuccess: HistoryEntry? = entries.prefix(entries.count - kept.count).last { $0.snapshotID != nil }
            var attempts: [CatalogReport.Attempt] = []
            var latestChange: ReportChange?
            for entry in kept {
                var diff: [SchemaChange] = []
                if entry.changed == true, let id = entry.snapshotID, let before = previousSuccess, let beforeID = before.snapshotID {
                    diff = try snapshot(beforeID).diff(to: snapshot(id))
                    latestChange = ReportChange(
                        kind: .schema, connection: summary.connection, at: entry.at, since: before.at,
                        changes: diff)
                }
                let first = entry.snapshotID != nil && previousSuccess == nil
                if entry.snapshotID != nil { previousSuccess = entry }
                attempts.append(
                    CatalogReport.Attempt(
                        refreshID: entry.refreshID, at: entry.at, status: entry.status.rawValue, error: entry.error,
                        tableCount: entry.tableCount, columnCount: entry.columnCount, changed: entry.changed ?? (entry.snapshotID != nil), changes: diff,
                        firstSnapshot: first))
            }
            if let latestChange { changes.append(latestChange) }
            connections.append(
                CatalogReport.Connection(
                    identifier: summary.connection, displayName: summary.displayName, connector: summary.connector,
                    package: summary.package, status: summary.schemaStatus, lastRefreshAt: summary.lastRefreshAt,
                    lastSuccessAt: summary.lastSuccessAt,
                    failedAttemptsSinceSuccess: summary.schemaStatus == RefreshStatus.failed.rawValue ? failures[key] ?? 0 : 0,
                    location: SourceLocation(file: summary.file, line: summary.line),
                    attempts: attempts, omittedAttempts: entries.count - kept.count, tables: tables[key] ?? []))
        }
        changes.sort { ($0.at, $0.connection) > ($1.at, $1.connection) }
        let omittedChanges = max(0, changes.count - request.maxChanges)

        let findings = ConfigurationCheck.run(checkInput)
            .filter { selected == nil || concerns($0, connections: connections) }
            .map { ReportFinding(finding: $0, documentation: ConfigurationCheck.rule($0.rule)?.helpURI) }
        let importCount = try catalog.importCount()
        var configurationChanges: ConfigurationChanges?
        if importCount >= 2 {
            var found = try ConfigurationChangesQuery.run(from: nil, to: nil, in: catalog)
            if selected != nil {
                // A selection keeps what concerns its connections (a change no connection owns stays).
                func keep(_ connection: String?) -> Bool { connection.map(included) ?? true }
                found.configuration = found.configuration.filter { keep($0.connection) }
                found.settings = found.settings.filter { keep($0.connection) }
                found.unreadSettings = found.unreadSettings.filter { keep($0.connection) }
                found.schema = found.schema.filter { included($0.connection) }
                found.newFindings = found.newFindings.filter { keep($0.connection) }
                found.resolvedFindings = found.resolvedFindings.filter { keep($0.connection) }
                found.uncheckedFindings = found.uncheckedFindings.filter { keep($0.connection) }
                found.firstCheckedFindings = found.firstCheckedFindings.filter { keep($0.connection) }
            }
            configurationChanges = found
        }
        return CatalogReport(
            catalogPath: catalog.path, generatedAt: (now ?? .now).iso8601, latestImport: latestImport,
            importCount: importCount, isSelection: selected != nil, connections: connections,
            findings: findings, recentChanges: Array(changes.prefix(request.maxChanges)), omittedChanges: omittedChanges,
            configurationChanges: configurationChanges)
    }

    /// Whether a finding belongs in a report on `connections` only: its subject is one of them
    /// (or one of their settings, `ADExport:Password`), or it sits in a file that declares one.
    static func concerns(_ finding: Finding, connections: [CatalogReport.Connection]) -> Bool {
        let subject = finding.subject.lowercased()
        return connections.contains { connection in
            let id = connection.identifier.lowercased()
            return subject == id || subject.hasPrefix(id + ":") || subject.hasPrefix("connections:" + id + ":")
                || finding.location.file == connection.location.file
        }
    }
}
