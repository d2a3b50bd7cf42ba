import Foundation
import GRDB

extension Catalog {
    /// The connections of the current configuration, sorted by identifier, with their schema
    /// status from the refresh history.
    public func connectionSummaries() throws -> [ConnectionSummary] {
        try read { db in
            try Row.fetchAll(db, sql: """
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
                """).map { row in
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

    /// SQL that yields, per connection of the history (or only `:connection`), the latest attempt
    /// and the latest successful attempt at or before `:asOf` (Unix seconds; NULL = now), and
    /// the snapshot in force. Uses the `(history_connection_id, at)` index for both look-ups.
    /// `target` is MATERIALIZED: computed once per connection, not once per column of the outer
    /// query (and again for its ORDER BY), which halved the full listing after an import.
    private static let inForce = """
        WITH target AS MATERIALIZED (
            SELECT coalesce((SELECT c.identifier FROM connection c WHERE c.identifier = h.identifier), h.identifier) AS connection,
                   (SELECT r.id FROM refresh_attempt r WHERE r.history_connection_id = h.id
                      AND (:asOf IS NULL OR r.at <= :asOf) ORDER BY r.at DESC, r.id DESC LIMIT 1) AS latest_id,
                   (SELECT r.id FROM refresh_attempt r WHERE r.history_connection_id = h.id AND r.status = 1
                      AND (:asOf IS NULL OR r.at <= :asOf) ORDER BY r.at DESC, r.id DESC LIMIT 1) AS success_id
            FROM history_connection h
            WHERE :connection IS NULL OR h.identifier = :connection
        ),
        in_force AS (
            SELECT t.connection, s.at AS snapshot_at, s.snapshot_id, l.status AS latest_status
            FROM target t
            JOIN refresh_attempt s ON s.id = t.success_id
            JOIN refresh_attempt l ON l.id = t.latest_id
        )
        """

    /// The tables of the snapshot in force of each connection (or of `connection`), as of `asOf`
    /// (ISO 8601 UTC; `nil` = now), sorted by connection then table.
    public func tableSummaries(connection: String?, asOf: String?) throws -> [TableSummary] {
        try read { db in
            // As of an earlier import whose configuration differs: what that one mapped.
            let historical = try Self.historicalMappings(asOf: asOf, in: db)
            return try Row.fetchAll(db, sql: Self.inForce + """
                SELECT f.connection, st.name, f.snapshot_at, f.latest_status,
                       (SELECT COUNT(*) FROM snapshot_column sc WHERE sc.snapshot_table_id = st.id) AS column_count,
                       (EXISTS (SELECT 1 FROM entity_type_mapping m WHERE m.connection_table_key = st.name)
                        OR EXISTS (SELECT 1 FROM entity_association_mapping a WHERE a.connection_table_key = st.name)) AS mapped
                FROM in_force f
                JOIN snapshot_table st ON st.snapshot_id = f.snapshot_id
                ORDER BY f.connection COLLATE NOCASE, st.name
                """, arguments: ["asOf": asOf.flatMap(Timestamp.seconds), "connection": connection]).map { row in
                TableSummary(connection: row["connection"], table: row["name"], columnCount: row["column_count"],
                             snapshotAt: Timestamp.format(seconds: row["snapshot_at"]),
                             stale: RefreshStatus(code: row["latest_status"]) == .failed,
                             mapped: historical.map { $0[Self.nocaseFolded(row["name"])] != nil } ?? row["mapped"])
            }
        }
    }

    /// The columns of the snapshot in force, with the mappings that use each, as of `asOf`.
    /// - Parameters:
    ///   - connection: restrict to one connection (case-insensitive).
    ///   - tables: restrict to these table names (compared case-insensitively, without `.csv`).
    public func availableColumns(connection: String?, tables: [String]?, asOf: String?) throws -> [AvailableColumn] {
        var columns: [AvailableColumn] = []
        try forEachAvailableColumn(connection: connection, tables: tables, asOf: asOf) { columns.append($0) }
        return columns
    }

    /// ``availableColumns(connection:tables:asOf:)`` one column at a time, in the same order,
    /// without holding them all (a listing of every column of a large configuration).
    public func forEachAvailableColumn(connection: String?, tables: [String]?, asOf: String?,
                                       _ body: (AvailableColumn) throws -> Void) throws {
        try read { db in
            let tableFilter = tables.map { names in
                "[" + names.map { JSONText.string(TableName.key($0)) }.joined(separator: ",") + "]"
            }
            let arguments: StatementArguments = ["asOf": asOf.flatMap(Timestamp.seconds), "connection": connection, "tables": tableFilter]
            // The tables in force (restricted by :tables), for the mapping look-ups below.
            let tablesInForce = """
                SELECT st.name FROM in_force f JOIN snapshot_table st ON st.snapshot_id = f.snapshot_id
                WHERE :tables IS NULL OR st.name IN (SELECT value FROM json_each(:tables))
                """
            // What maps each column, fetched once per query rather than by two correlated
            // subqueries per column (a post-import listing reads every column of every table),
            // then matched as SQLite's NOCASE compares: ASCII letters folded, nothing else.
            // Table key → column key → what maps it (keys folded as NOCASE folds).
            var refs: [String: [String: [String]]] = [:]
            // As of an earlier import whose configuration differs: what that one mapped.
            if let historical = try Self.historicalMappings(asOf: asOf, in: db) { refs = historical } else {
            let propertyRefs = try Row.fetchCursor(db, sql: Self.inForce + """
                SELECT m.connection_table_key, p.connection_column, m.identifier || ':' || p.identifier
                FROM entity_type_mapping m JOIN entity_property_mapping p ON p.entity_type_mapping_id = m.id
                WHERE p.connection_column IS NOT NULL AND m.connection_table_key IN (\(tablesInForce))
                """, arguments: arguments)
            while let row = try propertyRefs.next() {
                refs[Self.nocaseFolded(row[0]), default: [:]][Self.nocaseFolded(row[1]), default: []].append(row[2])
            }
            let associationRefs = try Row.fetchCursor(db, sql: Self.inForce + """
                SELECT a.connection_table_key, a.column1, a.column2, a.identifier FROM entity_association_mapping a
                WHERE a.connection_table_key IN (\(tablesInForce))
                """, arguments: arguments)
            while let row = try associationRefs.next() {
                let (table, identifier): (String, String) = (Self.nocaseFolded(row[0]), row[3])
                guard !identifier.isEmpty else { continue }  // as before: an empty name was no reference
                for column in [row[1] as String?, row[2] as String?].compactMap({ $0 }) {
                    refs[table, default: [:]][Self.nocaseFolded(column), default: []].append(identifier)
                }
            }
            }
            // A cursor over the columns, read by column index: no copy of each row and no look-up
            // of column names.
            let rows = try Row.fetchCursor(db, sql: Self.inForce + """
                SELECT f.connection, st.name AS table_name, sc.position, sc.name AS column_name, f.latest_status
                FROM in_force f
                JOIN snapshot_table st ON st.snapshot_id = f.snapshot_id
                JOIN snapshot_column sc ON sc.snapshot_table_id = st.id
                WHERE :tables IS NULL OR st.name IN (SELECT value FROM json_each(:tables))
                ORDER BY f.connection COLLATE NOCASE, st.name, sc.position
                """, arguments: arguments)
            var currentTable: (name: String, refs: [String: [String]]?)?
            while let row = try rows.next() {
                let table: String = row[1]
                if currentTable?.name != table { currentTable = (table, refs[Self.nocaseFolded(table)]) }
                let column: String = row[3]
                var mappedBy: [String] = []
                if let found = currentTable?.refs?[Self.nocaseFolded(column)] {
                    mappedBy = found.count == 1 ? found : Array(Set(found)).sorted()
                }
                let latestStatus: Int = row[4]
                try body(AvailableColumn(connection: row[0], table: table, column: column, position: row[2],
                                         technical: TableName.isCommandColumn(column),
                                         stale: latestStatus == RefreshStatus.failed.code, mappedBy: mappedBy))
            }
        }
    }

    /// `text` with ASCII capitals lowered and every other byte kept: equal results for exactly the
    /// strings SQLite's NOCASE collation finds equal.
    static func nocaseFolded(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return text }
        return String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// The ConnectionTable (without `.csv`) of the EntityTypeMapping of `entityType`, or `nil`
    /// when there is no such mapping (case-insensitive).
    public func mappedTable(ofEntityType entityType: String) throws -> String?? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT connection_table_key FROM entity_type_mapping WHERE identifier = ?",
                                             arguments: [entityType]) else { return nil }
            return .some(row["connection_table_key"])
        }
    }

    /// The spelling in the catalog of `connection` (configuration first, then history), or `nil`.
    public func knownConnection(_ connection: String) throws -> String? {
        try read { db in
            try String.fetchOne(db, sql: """
                SELECT identifier FROM connection WHERE identifier = ?
                UNION ALL SELECT identifier FROM history_connection WHERE identifier = ? LIMIT 1
                """, arguments: [connection, connection])
        }
    }
}

extension Catalog {
    /// Every connection of the configuration, then every agent-settings connection the XML does
    /// not declare, with its `Separator` and `Encoding`/`CsvEncoding` settings.
    public func refreshTargets() throws -> [RefreshTarget] {
        try read { db in
            let setting = """
                (SELECT cs.value FROM connection_setting cs JOIN connection_settings s ON s.id = cs.connection_settings_id
                  WHERE s.connection = k.identifier AND cs.key = ?)
                """
            let sql = """
                SELECT k.identifier, k.package, k.connector, \(setting) AS separator, coalesce(\(setting), \(setting)) AS encoding
                FROM (SELECT identifier, package, connector, 0 AS origin FROM connection
                      UNION ALL
                      SELECT connection, NULL, NULL, 1 FROM connection_settings
                       WHERE connection NOT IN (SELECT identifier FROM connection)) k
                ORDER BY k.origin, k.identifier
                """
            return try Row.fetchAll(db, sql: sql, arguments: ["Separator", "Encoding", "CsvEncoding"]).map { row in
                RefreshTarget(connection: row["identifier"], package: row["package"],
                              separator: row["separator"], encoding: row["encoding"], connector: row["connector"])
            }
        }
    }
}
