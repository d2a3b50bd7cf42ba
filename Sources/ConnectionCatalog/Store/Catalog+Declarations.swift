import Foundation
import GRDB

extension Catalog {
    /// What the current configuration (the latest import's) declares that has a schema history:
    /// its Connections and its ConnectionTable elements, in declaration order (file, then line).
    func declaredSchemaOwners() throws -> DeclaredSchemaOwners {
        try read { db in
            DeclaredSchemaOwners(
                connections: try String.fetchAll(db, sql: "SELECT identifier FROM connection ORDER BY file, line, id"),
                connectionTables: try Row.fetchAll(
                    db, sql: "SELECT coalesce(connection, ''), identifier FROM connection_table ORDER BY file, line, id"
                ).map { DeclaredSchemaOwners.Table(connection: $0[0], table: $0[1]) })
        }
    }
}

/// The Connections and ConnectionTable elements a configuration declares.
struct DeclaredSchemaOwners: Sendable, Equatable {
    struct Table: Sendable, Equatable {
        var connection: String
        var table: String
    }

    var connections: [String]
    var connectionTables: [Table]

    /// What `self` declares and `newer` no longer does (identifiers compared case-insensitively),
    /// in `self`'s order.
    func lost(in newer: DeclaredSchemaOwners) -> (connections: [String], connectionTables: [Table]) {
        let kept = Set(newer.connections.map(Identifier.fold))
        let keptTables = Set(newer.connectionTables.map { Identifier.fold($0.connection) + "\u{0}" + Identifier.fold($0.table) })
        var seen: Set<String> = []
        let connections = connections.filter { !kept.contains(Identifier.fold($0)) && seen.insert(Identifier.fold($0)).inserted }
        let lostConnections = Set(connections.map(Identifier.fold))
        let tables = connectionTables.filter { table in
            let key = Identifier.fold(table.connection) + "\u{0}" + Identifier.fold(table.table)
            // A table of a connection no longer declared goes with its connection.
            return !keptTables.contains(key) && !lostConnections.contains(Identifier.fold(table.connection))
                && seen.insert(key).inserted
        }
        return (connections, tables)
    }
}
