import Foundation
import GRDB

extension Catalog {
    /// The connections of the current configuration, sorted by identifier, with their schema
    /// status from the refresh history.
    public func connectionSummaries() throws -> [ConnectionSummary] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT c.identifier, c.display_name, c.connector, c.package, c.file, c.line,
                           EXISTS (SELECT 1 FROM connection_settings s WHERE s.connection = c.identifier) AS has_settings,
                           latest.status, latest.at AS last_refresh_at,
                           (SELECT r.at FROM refresh_attempt r
                             WHERE r.history_connection_id = h.id AND r.status = 1
                             ORDER BY r.at DESC, r.id DESC LIMIT 1) AS last_success_at
                    FROM connection c
                    LEFT JOIN history_connection h ON h.identifier = c.identifier
                    LEFT JOIN refresh_attempt latest ON latest.id =
                        (SELECT r.id FROM refresh_attempt r WHERE r.history_connection_id = h.id ORDER BY r.at DESC, r.id DESC LIMIT 1)
                    ORDER BY c.identifier
                    """
            ).map { row in
                let package: String? = row["package"]
                let status: Int? = row["status"]
                return ConnectionSummary(
                    connection: row["identifier"], displayName: row["display_name"], connector: row["connector"],
                    package: package.map { ConnectorPackage.named($0)?.identifier ?? $0 },
                    hasAgentSettings: row["has_settings"], schemaStatus: status.map { RefreshStatus(code: $0).rawValue } ?? "never",
                    lastRefreshAt: (row["last_refresh_at"] as Int64?).map { Timestamp.format(seconds: $0) },
                    lastSuccessAt: (row["last_success_at"] as Int64?).map { Timestamp.format(seconds: $0) },
                    file: row["file"], line: row["line"])
            }
        }
    }

    /// SQL that yields, per connection of the configuration that has a history (or only
    /// `:connection`; a history of a connection the configuration no longer declares is not
    /// listed: every command names the connections `connections` lists), the latest attempt
    /// and the latest successful attempt at or before `:asOf` (Unix seconds; NULL = now), and
    /// the snapshot in force. Uses the `(history_connection_id, at)` index for both look-ups.
    /// `target` is MATERIALIZED: computed once per connection, not once per column of the outer
    /// query (and again for its ORDER BY), which halved the full listing after an import.
    /// With `declared` (``inForce(declared:)``), the connections are those of the JSON array
    /// `:declared` (the configuration of an earlier time) instead of the current configuration.
    private static let inForce = inForce(declared: false)

    /// ``inForce`` over the connections of the current configuration (`declared` false) or of
    /// the JSON array of identifiers `:declared` (true): the configuration as of a time.
    private static func inForce(declared: Bool) -> String {
        let connections =
            declared
            ? "SELECT d.value AS connection, h.id AS hid, h.identifier AS hident FROM json_each(:declared) d JOIN history_connection h ON h.identifier = d.value COLLATE NOCASE"
            : "SELECT c.identifier AS connection, h.id AS hid, h.identifier AS hident FROM history_connection h JOIN connection c ON c.identifier = h.identifier"
        return """
                WITH declared_connection AS (\(connections)),
                target AS MATERIALIZED (
                SELECT c.connection,
                       (SELECT r.id FROM refresh_attempt r WHERE r.history_connection_id = c.hid
                          AND (:asOf IS NULL OR r.at <= :asOf) ORDER BY r.at DESC, r.id DESC LIMIT 1) AS latest_id,
                       (SELECT r.id FROM refresh_attempt r WHERE r.history_connection_id = c.hid AND r.status = 1
                          AND (:asOf IS NULL OR r.at <= :asOf) ORDER BY r.at DESC, r.id DESC LIMIT 1) AS success_id
                FROM declared_connection c
                WHERE :connection IS NULL OR c.hident = :connection
            ),
            in_force AS (
                SELECT t.connection, s.at AS snapshot_at, s.snapshot_id, l.status AS latest_status
                FROM target t
                JOIN refresh_attempt s ON s.id = t.success_id
                JOIN refresh_attempt l ON l.id = t.latest_id
            )
            """
    }

    /// The SQL prefix and its `:declared` argument for a query as of `asOf`: the connections of
    /// that time's configuration when it differs from the current one.
    private static func inForce(
        asOf: Timestamp?, connection: String?, in db: Database
    ) throws -> (sql: String, arguments: StatementArguments) {
        var arguments: StatementArguments = ["asOf": asOf?.secondsSince1970, "connection": connection]
        guard let connections = try historicalConnections(asOf: asOf, in: db) else { return (inForce, arguments) }
        var seen = Set<Identifier>()
        let unique = connections.filter { seen.insert(Identifier($0)).inserted }
        arguments += ["declared": "[" + unique.map(JSONText.string).joined(separator: ",") + "]"]
        return (inForce(declared: true), arguments)
    }

    /// The tables of the snapshot in force of each connection (or of `connection`), as of `asOf`
    /// (`nil` = now), sorted by connection then table.
    public func tableSummaries(connection: String?, asOf: Timestamp?) throws -> [TableSummary] {
        try read { db in
            // As of an earlier import whose configuration differs: what that one mapped.
            let historical = try Self.historicalMappings(asOf: asOf, in: db)
            let inForce = try Self.inForce(asOf: asOf, connection: connection, in: db)
            return try Row.fetchAll(
                db,
                sql: inForce.sql + """
                    SELECT f.connection, st.name, st.source, f.snapshot_at, f.latest_status,
                           (SELECT COUNT(*) FROM snapshot_column sc WHERE sc.snapshot_table_id = st.id) AS column_count,
                           (EXISTS (SELECT 1 FROM entity_type_mapping m WHERE m.connection_table_key = st.name)
                            OR EXISTS (SELECT 1 FROM entity_association_mapping a WHERE a.connection_table_key = st.name)) AS mapped
                    FROM in_force f
                    JOIN snapshot_table st ON st.snapshot_id = f.snapshot_id
                    ORDER BY f.connection COLLATE NOCASE, st.name
                    """, arguments: inForce.arguments
            ).map { row in
                TableSummary(
                    connection: row["connection"], table: row["name"], columnCount: row["column_count"],
                    snapshotAt: Timestamp.format(seconds: row["snapshot_at"]),
                    stale: RefreshStatus(code: row["latest_status"]) == .failed,
                    mapped: historical.map { $0[Self.nocaseFolded(row["name"])] != nil } ?? row["mapped"],
                    source: SchemaSource(code: row["source"]))
            }
        }
    }

    /// The columns of the snapshot in force, with the mappings that use each, as of `asOf`.
    /// - Parameters:
    ///   - connection: restrict to one connection (case-insensitive).
    ///   - tables: restrict to these table names (compared case-insensitively, without `.csv`).
    public func availableColumns(connection: String?, tables: [String]?, asOf: Timestamp?) throws -> [AvailableColumn] {
        var columns: [AvailableColumn] = []
        try forEachAvailableColumn(connection: connection, tables: tables, asOf: asOf) { columns.append($0) }
        return columns
    }

    /// ``availableColumns(connection:tables:asOf:)`` one column at a time, in the same order,
    /// without holding them all (a listing of every column of a large configuration).
    public func forEachAvailableColumn(
        connection: String?, tables: [String]?, asOf: Timestamp?,
        _ body: (AvailableColumn) throws -> Void
    ) throws {
        try read { db in
            let tableFilter = tables.map { names in
                "[" + names.map { JSONText.string(TableName.key($0)) }.joined(separator: ",") + "]"
            }
            let inForce = try Self.inForce(asOf: asOf, connection: connection, in: db)
            var arguments = inForce.arguments
            arguments += ["tables": tableFilter]
            // What maps each column of a table, matched as SQLite's NOCASE compares: ASCII letters
            // folded, nothing else. Column key → what maps it (keys folded as NOCASE folds).
            // As of an earlier import whose configuration differs: what that one mapped, by table key.
            let mappings = try ColumnMappings(asOf: asOf, in: db)
            // A cursor over the columns, read by column index: no copy of each row and no look-up
            // of column names.
            let rows = try Row.fetchCursor(
                db,
                sql: inForce.sql + """
                    SELECT f.connection, st.name AS table_name, sc.position, sc.name AS column_name, f.latest_status, st.source
                    FROM in_force f
                    JOIN snapshot_table st ON st.snapshot_id = f.snapshot_id
                    JOIN snapshot_column sc ON sc.snapshot_table_id = st.id
                    WHERE :tables IS NULL OR st.name IN (SELECT value FROM json_each(:tables))
                    ORDER BY f.connection COLLATE NOCASE, st.name, sc.position
                    """, arguments: arguments)
            var currentTable: (name: String, refs: [String: [String]]?)?
            while let row = try rows.next() {
                let table: String = row[1]
                if currentTable?.name != table { currentTable = (table, try mappings.refs(of: table)) }
                let column: String = row[3]
                let mappedBy = ColumnMappings.mappedBy(column, in: currentTable?.refs)
                let latestStatus: Int = row[4]
                try body(
                    AvailableColumn(
                        connection: row[0], table: table, column: column, position: row[2],
                        technical: TableName.isCommandColumn(column),
                        stale: latestStatus == RefreshStatus.failed.code, mappedBy: mappedBy,
                        source: SchemaSource(code: row[5])))
            }
        }
    }

    /// Every column available for mapping now, one table at a time: the columns, order and values
    /// of ``forEachAvailableColumn(connection:tables:asOf:_:)`` for every connection, grouped by
    /// table (each call gets one table's columns, never none). The schema of a connection whose
    /// snapshot in force has the content of one of `recorded` (the snapshots a refresh just
    /// stored) is taken from it rather than read back; only the other connections' snapshots are
    /// read. The listing after an import or a refresh.
    public func forEachAvailableTable(recorded: [SchemaSnapshot], _ body: ([AvailableColumn]) throws -> Void) throws {
        // The catalog is read on a thread of its own while `body` (the caller's rendering) runs
        // on this one: a listing of every table is as much reading as rendering.
        let tables = BoundedQueue<Result<[AvailableColumn], any Error>>(capacity: Self.tablesAhead)
        let ended = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            do {
                try readAvailableTables(recorded: recorded) { columns in
                    guard tables.put(.success(columns)) else { throw ListingStopped() }
                }
            } catch is ListingStopped {
            } catch {
                tables.put(.failure(error))
            }
            tables.close()
            ended.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        defer {
            tables.close()
            ended.wait()
        }
        while let table = tables.take() {
            try body(table.get())
        }
    }

    /// Tables of ``forEachAvailableTable(recorded:_:)`` read ahead of the rendering.
    static let tablesAhead = 32

    /// Thrown into the reading of ``forEachAvailableTable(recorded:_:)`` when the rendering stopped.
    private struct ListingStopped: Error {}

    /// ``forEachAvailableTable(recorded:_:)`` on the calling thread.
    private func readAvailableTables(recorded: [SchemaSnapshot], _ body: ([AvailableColumn]) throws -> Void) throws {
        var known: [String: SchemaSnapshot] = [:]
        for snapshot in recorded where !snapshot.tables.isEmpty { known[snapshot.contentHash] = snapshot }
        try read { db in
            let mappings = try ColumnMappings(asOf: nil, in: db)
            let tablesOf = try db.makeStatement(sql: "SELECT id, name, source FROM snapshot_table WHERE snapshot_id = ? ORDER BY name")
            let columnsOf = try db.makeStatement(sql: "SELECT name FROM snapshot_column WHERE snapshot_table_id = ? ORDER BY position")
            let connections = try Row.fetchCursor(
                db,
                sql: Self.inForce + """
                    SELECT f.connection, f.snapshot_id, s.content_hash, f.latest_status
                    FROM in_force f JOIN snapshot s ON s.id = f.snapshot_id
                    ORDER BY f.connection COLLATE NOCASE
                    """, arguments: ["asOf": nil, "connection": nil])
            var columns: [AvailableColumn] = []
            func emit(connection: String, stale: Bool, table: String, source: SchemaSource, names: [String]) throws {
                guard !names.isEmpty else { return }  // as the join of tables and columns: no column, no table
                let refs = try mappings.refs(of: table)
                columns.removeAll(keepingCapacity: true)
                for (index, column) in names.enumerated() {
                    columns.append(
                        AvailableColumn(
                            connection: connection, table: table, column: column, position: index + 1,
                            technical: TableName.isCommandColumn(column), stale: stale,
                            mappedBy: ColumnMappings.mappedBy(column, in: refs), source: source))
                }
                try body(columns)
            }
            while let row = try connections.next() {
                let connection: String = row[0]
                let stale = (row[3] as Int) == RefreshStatus.failed.code
                if let snapshot = known[row[2] as String] {
                    // Ordered as `ORDER BY name` orders the stored rows (NOCASE: ASCII letters folded).
                    let tables = snapshot.tables.map { (key: Array(Self.nocaseFolded($0.name).utf8), table: $0) }
                        .sorted { $0.key.lexicographicallyPrecedes($1.key) }
                    for entry in tables {
                        try emit(
                            connection: connection, stale: stale, table: entry.table.name, source: entry.table.source,
                            names: entry.table.columns)
                    }
                    continue
                }
                let tables = try Row.fetchAll(tablesOf, arguments: [row[1] as Int64])
                for table in tables {
                    let names = try String.fetchAll(columnsOf, arguments: [table[0] as Int64])
                    try emit(connection: connection, stale: stale, table: table[1], source: SchemaSource(code: table[2]), names: names)
                }
            }
        }
    }

    /// `text` with ASCII capitals lowered and every other byte kept: equal results for exactly the
    /// strings SQLite's NOCASE collation finds equal.
    static func nocaseFolded(_ text: String) -> String { Identifier.fold(text) }

    /// The ConnectionTable (without `.csv`) of the EntityTypeMapping of `entityType`, or `nil`
    /// when there is no such mapping (case-insensitive); with `asOf`, in the configuration of the
    /// latest import at or before that time (as the columns' `mappedBy` of the same query). Before
    /// the first import, when the catalog knew no configuration, the name is looked up in the
    /// current one (a query as of that time answers nothing, whatever the name).
    public func mappedTable(ofEntityType entityType: String, asOf: Timestamp? = nil) throws -> String?? {
        try read { db in
            if try !Self.beforeFirstImport(asOf, in: db), let configuration = try Self.historicalConfiguration(asOf: asOf, in: db) {
                let wanted = Identifier(entityType)
                guard let mapping = configuration.entityTypeMappings.first(where: { Identifier($0.identifier) == wanted }) else {
                    return nil
                }
                return .some(mapping.connectionTable.map(TableName.key))
            }
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT connection_table_key FROM entity_type_mapping WHERE identifier = ?",
                    arguments: [entityType])
            else { return nil }
            return .some(row["connection_table_key"])
        }
    }

    /// The spelling in the configuration of `connection` (case-insensitive), or `nil` when the
    /// configuration declares no such connection (even if an older import refreshed one).
    ///
    /// With `asOf`, in the configuration of the latest import at or before that time (the
    /// connections a query as of that time lists), whatever was imported since. Before the first
    /// import, when the catalog knew no configuration, among every connection the catalog knows
    /// (declared now or in its history): a query as of that time answers nothing, whatever the name.
    public func knownConnection(_ connection: String, asOf: Timestamp? = nil) throws -> String? {
        try read { db in
            if try Self.beforeFirstImport(asOf, in: db) {
                return try String.fetchOne(
                    db,
                    sql: """
                        SELECT identifier FROM connection WHERE identifier = :name
                        UNION ALL SELECT identifier FROM history_connection WHERE identifier = :name LIMIT 1
                        """, arguments: ["name": connection])
            }
            if let connections = try Self.historicalConnections(asOf: asOf, in: db) {
                let wanted = Identifier(connection)
                return connections.first { Identifier($0) == wanted }
            }
            return try String.fetchOne(db, sql: "SELECT identifier FROM connection WHERE identifier = ?", arguments: [connection])
        }
    }
}

extension Catalog {
    /// Every connection of the configuration (and only those: an agent-settings key that the
    /// XML does not declare is no connection), as ``Importer/refreshTargets(configuration:settings:exportedBefore:)``
    /// builds them: export role as the latest import derived it (``ExportRole/expected`` for a
    /// catalog imported before roles were recorded), the encoding setting of its package that
    /// describes its export files, its separator, declared tables and file prefixes.
    public func refreshTargets() throws -> [RefreshTarget] {
        let exportedBefore = try connectionsWithExportOutput()
        return try read { db in
            var settings: [String: [String: String]] = [:]  // lower-cased connection → key → value
            let settingRows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT s.connection, cs.key, cs.value FROM connection_setting cs
                    JOIN connection_settings s ON s.id = cs.connection_settings_id
                    WHERE cs.value IS NOT NULL AND cs.key IN ('Separator', 'CsvEncoding', 'EntryFile', 'MembersFile')
                    ORDER BY s.id
                    """)
            while let row = try settingRows.next() {
                let connection: String = row[0]
                let key = (row[1] as String).lowercased()
                if settings[connection.lowercased()]?[key] == nil { settings[connection.lowercased(), default: [:]][key] = row[2] }
            }
            var roles: [String: (ExportRole, String)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT connection, role, reason FROM connection_export_role") {
                let connection: String = row[0]
                roles[connection.lowercased()] = (ExportRole(rawValue: row[1]) ?? .expected, row[2])
            }
            var declared = Configuration()
            var tableIndex: [Int64: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, connection, identifier FROM connection_table ORDER BY id") {
                tableIndex[row[0]] = declared.connectionTables.count
                declared.connectionTables.append(
                    DeclaredConnectionTable(
                        identifier: row[2], attributes: XMLAttributes([XMLAttribute(name: "Connection", value: row[1] ?? "")]),
                        location: SourceLocation(file: "")))
            }
            for row in try Row.fetchAll(db, sql: "SELECT connection_table_id, identifier FROM connection_table_column ORDER BY connection_table_id, position") {
                guard let index = tableIndex[row[0]] else { continue }
                declared.connectionTables[index].columns.append(
                    DeclaredColumn(identifier: row[1], attributes: XMLAttributes(), location: SourceLocation(file: "")))
            }
            let connections = try Row.fetchAll(db, sql: "SELECT identifier, package, connector FROM connection ORDER BY identifier")
            declared.connections = connections.map { Connection(identifier: $0[0], attributes: XMLAttributes(), location: SourceLocation(file: "")) }
            let tables = Importer.declaredTables(declared)
            return connections.map { row in
                let identifier: String = row[0]
                let key = identifier.lowercased()
                let package: String? = row[1]
                let known = package.flatMap(ConnectorPackage.named)
                let values = settings[key] ?? [:]
                return RefreshTarget(
                    connection: identifier, package: package, separator: values["separator"],
                    encoding: known?.exportOutputEncodingSetting.flatMap { values[$0.lowercased()] }, connector: row[2],
                    role: roles[key]?.0 ?? .expected, roleReason: roles[key]?.1, exportedBefore: exportedBefore.contains(key),
                    declaredTables: tables[key] ?? [],
                    filePrefixes: (known?.exportFileNameSettings ?? []).compactMap { values[$0.lowercased()] }.compactMap(Importer.filePrefix))
            }
        }
    }
}

/// What maps the columns of each table in the configuration (or, as of an earlier import whose
/// configuration differs, in that one), fetched table by table as a listing reaches each table
/// (two indexed look-ups) rather than for every table at once: a listing after an import reads
/// every column of every table, and holding what maps all of them cost more memory than the
/// listing itself. Columns are matched as SQLite's NOCASE compares: ASCII letters folded,
/// nothing else.
struct ColumnMappings {
    /// As of an earlier import: what that one mapped, by table key.
    private let historical: [String: [String: [String]]]?
    private let propertyRefs: Statement
    private let associationRefs: Statement

    init(asOf: Timestamp?, in db: Database) throws {
        historical = try Catalog.historicalMappings(asOf: asOf, in: db)
        propertyRefs = try db.makeStatement(
            sql: """
                SELECT p.connection_column, m.identifier || ':' || p.identifier
                FROM entity_type_mapping m JOIN entity_property_mapping p ON p.entity_type_mapping_id = m.id
                WHERE p.connection_column IS NOT NULL AND m.connection_table_key = ?
                """)
        associationRefs = try db.makeStatement(
            sql: "SELECT a.column1, a.column2, a.identifier FROM entity_association_mapping a WHERE a.connection_table_key = ?")
    }

    /// Folded column name → what maps it, for the snapshot table `table`; `nil` when nothing does.
    func refs(of table: String) throws -> [String: [String]]? {
        if let historical { return historical[Catalog.nocaseFolded(table)] }
        var refs: [String: [String]] = [:]
        let properties = try Row.fetchCursor(propertyRefs, arguments: [table])
        while let row = try properties.next() {
            refs[Catalog.nocaseFolded(row[0]), default: []].append(row[1])
        }
        let associations = try Row.fetchCursor(associationRefs, arguments: [table])
        while let row = try associations.next() {
            let identifier: String = row[2]
            guard !identifier.isEmpty else { continue }  // as before: an empty name was no reference
            for column in [row[0] as String?, row[1] as String?].compactMap({ $0 }) {
                refs[Catalog.nocaseFolded(column), default: []].append(identifier)
            }
        }
        return refs.isEmpty ? nil : refs
    }

    /// What maps `column` (sorted, without repeats) among `refs` of its table.
    static func mappedBy(_ column: String, in refs: [String: [String]]?) -> [String] {
        guard let found = refs?[Catalog.nocaseFolded(column)] else { return [] }
        return found.count == 1 ? found : Array(Set(found)).sorted()
    }
}
