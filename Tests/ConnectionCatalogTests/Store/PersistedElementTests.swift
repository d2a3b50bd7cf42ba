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
                let written = ["id"] + (kind.parentColumn.map { [$0] } ?? []) + kind.columns + ["file", "line", "attributes"]
                let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\(kind.table))").map { $0["name"] as String }
                #expect(Set(columns) == Set(written), "\(kind.table)")
                #expect(kind.rowColumns == written, "\(kind.table)")
            }
        }
    }

    @Test func insertStatementListsIdThenParentFirstAndLocationLast() {
        #expect(
            DeclaredColumn.insertHead
                == "INSERT INTO connection_table_column (id, connection_table_id, position, identifier, display_name, file, line, attributes) VALUES"
        )
        #expect(Agent.insertHead == "INSERT INTO agent (id, identifier, display_name, uri, file, line, attributes) VALUES")
    }
}
