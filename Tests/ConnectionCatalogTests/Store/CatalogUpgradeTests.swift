import Foundation
import GRDB
import Testing

@testable import ConnectionCatalog

/// Catalogs written by earlier schema versions (`Fixtures/catalogs/`) open in this version with
/// every migration applied and their data intact.
@Suite struct CatalogUpgradeTests {
    static let catalogs = repositoryRoot.appendingPathComponent("Fixtures/catalogs")
    /// The `--at` the fixtures were imported with (`Fixtures/catalogs/README.md`).
    static let importedAt = "2026-11-29T08:00:00Z"

    /// A copy of `Fixtures/catalogs/<name>` in `folder` (the fixture itself is never opened for writing).
    static func copy(_ name: String, into folder: TemporaryFolder) throws -> String {
        let path = folder.url.appendingPathComponent(name).path
        try FileManager.default.copyItem(atPath: catalogs.appendingPathComponent(name).path, toPath: path)
        return path
    }

    @Test func everyLandedSchemaVersionHasACatalogFixture() throws {
        let fixtures = try FileManager.default.contentsOfDirectory(atPath: Self.catalogs.path).filter { $0.hasSuffix(".sqlite") }
        #expect(fixtures.contains("m0001_catalog.sqlite"))
        for fixture in fixtures {
            #expect(Catalog.migrations.contains { "\($0.name).sqlite" == fixture }, "\(fixture) names no migration")
        }
    }

    @Test func theFirstSchemaVersionUpgradesWithItsDataIntact() throws {
        let folder = try TemporaryFolder()
        let path = try Self.copy("m0001_catalog.sqlite", into: folder)
        let before = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        }
        #expect(before == ["m0001_catalog"])

        let upgraded = try Catalog(path: path)
        #expect(try upgraded.appliedMigrations() == Catalog.migrations.map(\.name))
        let health = try upgraded.health()
        #expect(health.isHealthy)
        #expect(health.imports == 1 && health.connections == 5 && health.refreshAttempts == 5 && health.snapshots == 4)

        // The upgraded catalog answers exactly as a fresh import of the same demo at the same time.
        let fresh = try folder.catalog("fresh.sqlite")
        _ = try Importer.run(ImportRequest(path: demoFolder, at: Timestamp(parsing: Self.importedAt)), into: fresh)
        // The m0001 fixture was written before locations became relative to the imported folder
        // (`Conf/...`); the schema upgrade keeps the rows as they were written.
        #expect(
            try upgraded.connectionSummaries()
                == fresh.connectionSummaries().map { summary in
                    var summary = summary
                    summary.file = String(summary.file.dropFirst("Conf/".count))
                    return summary
                })
        #expect(try upgraded.connectionSummaries().map(\.connection) == ["ADExport", "FinanceDb", "HRFeed", "SnowCmdb", "SnowTicket"])
        let columns = try AvailableColumns.run(ColumnQuery(), in: upgraded)
        #expect(columns == (try AvailableColumns.run(ColumnQuery(), in: fresh)))
        #expect(columns.count == 49)
        #expect(
            columns.filter { $0.table == "HRFeed" }.map(\.column)
                == ["employee_id", "first_name", "last_name", "email", "department", "manager_id", "hire_date", "job title"])
        #expect(try upgraded.imports().map(\.importedAt) == [Self.importedAt])
        try upgraded.close()

        // Opened again, nothing is left to apply.
        #expect(try Catalog(path: path).appliedMigrations() == Catalog.migrations.map(\.name))
    }

    @Test func theFirstLandedCatalogOpensWithItsDataIntact() throws {
        let folder = try TemporaryFolder()
        let path = try Self.copy("m0006_refresh_file_warning.sqlite", into: folder)
        let catalog = try Catalog(path: path)
        #expect(try catalog.appliedMigrations() == Catalog.migrations.map(\.name))
        #expect(try catalog.health().isHealthy)
        let connections = try catalog.connectionSummaries()
        #expect(connections.map(\.connection) == ["ADExport", "FinanceDb", "HRFeed", "SnowCmdb", "SnowTicket"])
        #expect(connections.first?.file == "Conf/Directory/Directory Connector.xml")
        #expect(connections.map(\.lastRefreshAt) == Array(repeating: Self.importedAt, count: 5))
        let columns = try AvailableColumns.run(ColumnQuery(), in: catalog)
        #expect(columns.count == 49)
        #expect(
            columns.filter { $0.table == "HRFeed" }.map(\.column)
                == ["employee_id", "first_name", "last_name", "email", "department", "manager_id", "hire_date", "job title"])
    }

    /// The schema (tables and indexes) and row counts of the tables whose attributes were checked
    /// with `json_valid` before m0020, read without migrating.
    static func attributeTables(at path: String) throws -> (tables: [String: String], indexes: [String: String], rows: [String: Int]) {
        try DatabaseQueue(path: path).read { db in
            let tables = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%attributes%TEXT%'")
            var rows: [String: Int] = [:]
            for table in tables {
                let name: String = table["name"]
                rows[name] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \"\(name)\"")
            }
            let names = Set(tables.map { $0["name"] as String })
            let indexes = try Row.fetchAll(db, sql: "SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'index'")
                .filter { names.contains($0["tbl_name"]) }
            return (
                Dictionary(uniqueKeysWithValues: tables.map { ($0["name"], $0["sql"]) }),
                Dictionary(uniqueKeysWithValues: indexes.map { ($0["name"], $0["sql"] ?? "") }), rows
            )
        }
    }

    @Test func theAttributesColumnsLoseOnlyTheirJSONCheck() throws {
        let folder = try TemporaryFolder()
        let path = try Self.copy("m0015_import_inputs.sqlite", into: folder)
        let before = try Self.attributeTables(at: path)
        #expect(before.tables.count == 17)
        #expect(before.tables.values.allSatisfy { $0.contains("CHECK (json_valid(attributes))") })
        #expect(before.rows["config_element"] ?? 0 > 0 && before.rows["entity_property"] ?? 0 > 0)
        try Catalog(path: path).close()

        let after = try Self.attributeTables(at: path)
        // Every table as it was declared, but for the check.
        #expect(after.tables == before.tables.mapValues { $0.replacingOccurrences(of: " CHECK (json_valid(attributes))", with: "") })
        #expect(after.indexes == before.indexes)
        #expect(after.rows == before.rows)
        let catalog = try Catalog(path: path)
        #expect(try catalog.health().isHealthy)
        #expect(try AvailableColumns.run(ColumnQuery(), in: catalog).filter { !$0.mappedBy.isEmpty }.count > 0)
    }

    @Test func theCatalogWithUncheckedAttributesOpensAsItWasWritten() throws {
        let folder = try TemporaryFolder()
        let path = try Self.copy("m0020_attributes_unchecked.sqlite", into: folder)
        let before = try Self.attributeTables(at: path)
        #expect(before.tables.count == 17 && !before.tables.values.contains { $0.contains("json_valid") })
        let catalog = try Catalog(path: path)
        #expect(try catalog.appliedMigrations() == Catalog.migrations.map(\.name))
        #expect(try catalog.health().isHealthy)
        #expect(try catalog.connectionSummaries().map(\.connection) == ["ADExport", "FinanceDb", "HRFeed", "SnowCmdb", "SnowTicket"])
        #expect(try AvailableColumns.run(ColumnQuery(), in: catalog).count == 49)
        try catalog.close()
        #expect(try Self.attributeTables(at: path).rows == before.rows)
    }

    @Test func theCatalogOfImportDigestsOpensAndKeepsItsConfigurationHistory() throws {
        let folder = try TemporaryFolder()
        let path = try Self.copy("m0015_import_inputs.sqlite", into: folder)
        let before = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
        }
        #expect(before.last == "m0015_import_inputs")

        let catalog = try Catalog(path: path)
        #expect(try catalog.appliedMigrations() == Catalog.migrations.map(\.name))
        #expect(try catalog.health().isHealthy)
        #expect(try catalog.connectionSummaries().map(\.connection) == ["ADExport", "FinanceDb", "HRFeed", "SnowCmdb", "SnowTicket"])
        #expect(try AvailableColumns.run(ColumnQuery(), in: catalog).count == 49)
        #expect(try catalog.imports().map(\.importedAt) == [Self.importedAt])

        // The same configuration imported again into the upgraded catalog: the recorded history of
        // the old import compares with the new one, element by element, and nothing changed.
        let result = try Importer.run(
            ImportRequest(path: demoFolder, at: Timestamp(parsing: "2026-11-30T08:00:00Z"), fingerprintKeyFile: folder.url.appendingPathComponent("key")),
            into: catalog)
        let changes = try ConfigurationChangesQuery.run(from: nil, to: nil, in: catalog)
        #expect(changes.from.importID != result.record.id && changes.to.importID == result.record.id)
        #expect(changes.configuration.isEmpty)
        #expect(changes.settings.filter { !$0.secret }.isEmpty)
    }
}
