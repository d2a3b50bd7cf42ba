import Foundation
import GRDB
import Testing

@testable import ConnectionCatalog

@Suite struct PersistedElementTests {
    /// Every kind writes into a table of the current configuration, naming only columns that
    /// table has, and leaves unwritten only the row id.
    @Test func eachKindNamesTheColumnsOfItsTable() throws {
        let kinds: [any PersistedElement.Type] = [
            Agent.self, Connector.self, Connection.self, DeclaredConnectionTable.self, DeclaredColumn.self,
            EntityType.self, EntityProperty.self, EntityTypeMapping.self, PropertyMapping.self, EntityAssociation.self,
            EntityAssociationMapping.self, ResourceType.self, ResourceTypeMapping.self, ExportTask.self,
            FulfillTask.self, TaskResourceType.self,
        ]
        let folder = try TemporaryFolder()
        let catalog = try Catalog(path: folder.url.appendingPathComponent("catalog.sqlite").path)
        try catalog.read { db in
            for kind in kinds {
                #expect(Catalog.configurationTables.contains(kind.table), "\(kind.table)")
                let written = (kind.parentColumn.map { [$0] } ?? []) + kind.columns + ["file", "line", "attributes"]
                let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\(kind.table))").map { $0["name"] as String }
                #expect(Set(columns).subtracting(written) == ["id"], "\(kind.table)")
                #expect(Set(written).isSubset(of: columns), "\(kind.table)")
                #expect(kind.insertSQL.filter { $0 == "?" }.count == written.count, "\(kind.table)")
            }
        }
    }

    @Test func insertStatementListsParentFirstAndLocationLast() {
        #expect(
            DeclaredColumn.insertSQL
                == "INSERT INTO connection_table_column (connection_table_id, position, identifier, display_name, file, line, attributes) VALUES (?,?,?,?,?,?,?)"
        )
        #expect(Agent.insertSQL == "INSERT INTO agent (identifier, display_name, uri, file, line, attributes) VALUES (?,?,?,?,?,?)")
    }
}
