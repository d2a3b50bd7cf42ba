import GRDB

/// Kinds of names a user types and the catalog can list (suggestions, shell completions).
public enum CatalogNameKind: Sendable, CaseIterable {
    /// Connection identifiers: the configuration's and those known only from history.
    case connection
    /// Connection table names (without `.csv`): every schema refreshed, and every ConnectionTable
    /// an EntityTypeMapping names.
    case table
    /// EntityTypeMapping identifiers that name a ConnectionTable.
    case entityTypeMapping
}

extension Catalog {
    /// Every distinct name of `kind`, sorted case-insensitively.
    /// - Throws: a `DatabaseError` when the catalog cannot be read.
    public func names(of kind: CatalogNameKind) throws -> [String] {
        let sql: String
        switch kind {
        case .connection:
            sql = "SELECT identifier FROM connection UNION SELECT identifier FROM history_connection ORDER BY 1 COLLATE NOCASE"
        case .table:
            sql = """
                SELECT name FROM snapshot_table
                UNION SELECT connection_table_key FROM entity_type_mapping WHERE connection_table_key IS NOT NULL
                ORDER BY 1 COLLATE NOCASE
                """
        case .entityTypeMapping:
            sql = "SELECT identifier FROM entity_type_mapping WHERE connection_table_key IS NOT NULL ORDER BY 1 COLLATE NOCASE"
        }
        return try read { db in try String.fetchAll(db, sql: sql) }
    }

    /// The catalog's spelling of connection table `table` (case-insensitive, with or without
    /// `.csv`) when any refreshed schema or EntityTypeMapping knows it, else `nil`.
    public func knownTable(_ table: String) throws -> String? {
        let key = TableName.key(table)
        return try read { db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT name FROM snapshot_table WHERE name = :key
                    UNION ALL SELECT connection_table_key FROM entity_type_mapping WHERE connection_table_key = :key
                    LIMIT 1
                    """, arguments: ["key": key])
        }
    }

    /// When the first schema refresh attempt (of `connection`, case-insensitive, or of any
    /// connection) was recorded; `nil` when there was none.
    public func firstRefreshAt(connection: String? = nil) throws -> Timestamp? {
        try read { db in
            let seconds = try Int64.fetchOne(
                db,
                sql: """
                    SELECT MIN(r.at) FROM refresh_attempt r JOIN history_connection h ON h.id = r.history_connection_id
                    WHERE :connection IS NULL OR h.identifier = :connection
                    """, arguments: ["connection": connection])
            return seconds.map { Timestamp(secondsSince1970: $0) }
        }
    }

    /// When the first successful schema refresh (of `connection`, or of any connection) was
    /// recorded; `nil` when there was none.
    public func firstSuccessAt(connection: String? = nil) throws -> Timestamp? {
        try read { db in
            let seconds = try Int64.fetchOne(
                db,
                sql: """
                    SELECT MIN(r.at) FROM refresh_attempt r JOIN history_connection h ON h.id = r.history_connection_id
                    WHERE r.status = 1 AND (:connection IS NULL OR h.identifier = :connection)
                    """, arguments: ["connection": connection])
            return seconds.map { Timestamp(secondsSince1970: $0) }
        }
    }
}

/// The times the catalog's imports cover: the first and the latest import (ISO 8601 UTC). A
/// question about a time before `first` has no answer: the catalog knew nothing then.
public struct ImportSpan: Sendable, Equatable {
    /// The earliest import time.
    public var first: Timestamp
    /// The latest import time.
    public var latest: Timestamp

    public init(first: Timestamp, latest: Timestamp) {
        self.first = first
        self.latest = latest
    }
}

extension Catalog {
    /// The span of the catalog's imports (earliest and latest import time); `nil` without imports.
    /// - Throws: a `DatabaseError` when the catalog cannot be read.
    public func importSpan() throws -> ImportSpan? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT MIN(imported_at), MAX(imported_at) FROM import_run"),
                let first = (row[0] as String?).flatMap(Timestamp.seconds), let latest = (row[1] as String?).flatMap(Timestamp.seconds)
            else { return nil }
            return ImportSpan(first: Timestamp(secondsSince1970: first), latest: Timestamp(secondsSince1970: latest))
        }
    }
}
