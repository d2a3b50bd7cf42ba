import ConnectionCatalog
import Foundation
import Testing

@Suite struct MaintenanceCommandTests {
    @Test func theCatalogFileAloneHoldsTheImportAfterTheCommandEnds() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["import", Sandbox.demo]).status == 0)
        let copy = sandbox.folder.appendingPathComponent("copy.sqlite")
        try FileManager.default.copyItem(atPath: sandbox.database, toPath: copy.path)  // without -wal
        let copied = try Catalog(path: copy.path)
        #expect(try copied.connectionSummaries().map(\.connection) == ["ADExport", "FinanceDb", "HRFeed", "SnowCmdb", "SnowTicket"])
    }

    @Test func doctorReportsIntegrityMigrationsAndContents() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["import", Sandbox.demo]).status == 0)
        let doctor = try sandbox.run(["doctor"])
        #expect(doctor.status == 0)
        let lines = doctor.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0] == "catalog:     conncat.sqlite")
        #expect(lines[1] == "integrity:   ok")
        #expect(lines[2] == "migrations:  \(Catalog.migrations.count) applied of \(Catalog.migrations.count) known (\(Catalog.migrations.last!.name))")
        #expect(lines[3] == "journal:     wal")
        #expect(lines[5] == "contents:    1 import, 5 connections, 5 refresh attempts, 4 distinct schema snapshots")
    }

    @Test func theBinaryUpgradesACatalogOfTheFirstSchemaVersionWithItsDataIntact() throws {
        let sandbox = try Sandbox()
        try FileManager.default.copyItem(atPath: Sandbox.repositoryRoot.appendingPathComponent("Fixtures/catalogs/m0001_catalog.sqlite").path,
                                         toPath: sandbox.database)
        let columns = try sandbox.run(["columns", "--format", "json"])
        #expect(columns.status == 0, "\(columns.stderr)")
        try assertGolden(columns.stdout, "columns-demo.json")  // as a fresh import of the demo shows them
        let doctor = try sandbox.run(["doctor"])
        #expect(doctor.status == 0)
        let lines = doctor.stdout.split(separator: "\n").map(String.init)
        #expect(lines[1] == "integrity:   ok")
        #expect(lines[2] == "migrations:  \(Catalog.migrations.count) applied of \(Catalog.migrations.count) known (\(Catalog.migrations.last!.name))")
        #expect(lines[5] == "contents:    1 import, 5 connections, 5 refresh attempts, 4 distinct schema snapshots")
    }

    @Test func doctorReportsAMigrationEditedSinceItWasAppliedAndExits1() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["import", Sandbox.demo]).status == 0)
        // As if the catalog had been migrated by another text of m0001_catalog.
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sqlite.arguments = ["sqlite3", sandbox.database,
                            "UPDATE migration_checksum SET sha256 = '\(String(repeating: "0", count: 64))' WHERE name = 'm0001_catalog'"]
        try sqlite.run(); sqlite.waitUntilExit()
        try #require(sqlite.terminationStatus == 0, "sqlite3 is needed for this test")
        let doctor = try sandbox.run(["doctor"])
        #expect(doctor.status == 1)
        let lines = doctor.stdout.split(separator: "\n").map(String.init)
        #expect(lines[1] == "integrity:   ok")
        #expect(lines[3] == "edited:      m0001_catalog: this conncat carries another text than the one that migrated the catalog; "
                + "a landed migration must never change: restore its text and add a new migration")
    }

    @Test func backupWritesAConsistentCopyAndNeverOverwrites() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["import", Sandbox.demo]).status == 0)
        let backup = try sandbox.run(["backup", "backup.sqlite"])
        #expect(backup.status == 0)
        #expect(backup.stdout == "Backed up conncat.sqlite to backup.sqlite\n")
        let fromBackup = try sandbox.run(["columns", "--format", "json", "--database", "backup.sqlite"])
        #expect(fromBackup.stdout == (try sandbox.run(["columns", "--format", "json"])).stdout)
        let again = try sandbox.run(["backup", "backup.sqlite"])
        #expect(again.status == 1)
        #expect(again.stderr == "backup.sqlite: error: cannot use the catalog: file exists; choose a new backup file name\n")
    }
}
