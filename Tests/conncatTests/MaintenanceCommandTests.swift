import ConnectionCatalog
import Foundation
import Testing

@testable import conncat

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
        #expect(lines[2] == "schema:      up to date (\(Catalog.migrations.count) migrations, the latest \(Catalog.migrations.last!.name))")
        #expect(lines[3] == "journal:     wal")
        #expect(lines[5] == "contents:    1 import, 5 connections, 5 refresh attempts, 4 distinct schema snapshots")
    }

    /// `doctor` says whether the schema is this conncat's, and what to do when it is not.
    @Test func doctorSaysWhetherTheSchemaIsOlderOrNewerThanThisConncat() {
        let known = ["m0001_catalog", "m0002_views", "m0003_more"]
        #expect(DoctorCommand.schemaStatus(applied: known, known: known) == "up to date (3 migrations, the latest m0003_more)")
        #expect(
            DoctorCommand.schemaStatus(applied: Array(known.prefix(1)), known: known)
                == "older than this conncat: 2 migrations to apply (m0002_views, m0003_more); opening it where it can be written upgrades it")
        #expect(
            DoctorCommand.schemaStatus(applied: known + ["m0999_future"], known: known)
                == "newer than this conncat: written by a later version (1 migration this one does not know: m0999_future); upgrade conncat")
    }

    @Test func theBinaryUpgradesACatalogOfTheFirstSchemaVersionWithItsDataIntact() throws {
        let sandbox = try Sandbox()
        try FileManager.default.copyItem(
            atPath: Sandbox.repositoryRoot.appendingPathComponent("Fixtures/catalogs/m0001_catalog.sqlite").path,
            toPath: sandbox.database)
        let columns = try sandbox.run(["columns", "--format", "json"])
        #expect(columns.status == 0, "\(columns.stderr)")
        try assertGolden(columns.stdout, "columns-demo.json")  // as a fresh import of the demo shows them
        let doctor = try sandbox.run(["doctor"])
        #expect(doctor.status == 0)
        let lines = doctor.stdout.split(separator: "\n").map(String.init)
        #expect(lines[1] == "integrity:   ok")
        #expect(lines[2] == "schema:      up to date (\(Catalog.migrations.count) migrations, the latest \(Catalog.migrations.last!.name))")
        #expect(lines[5] == "contents:    1 import, 5 connections, 5 refresh attempts, 4 distinct schema snapshots")
    }

    @Test func doctorReportsAMigrationEditedSinceItWasAppliedAndExits1() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["import", Sandbox.demo]).status == 0)
        // As if the catalog had been migrated by another text of m0001_catalog.
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sqlite.arguments = [
            "sqlite3", sandbox.database,
            "UPDATE migration_checksum SET sha256 = '\(String(repeating: "0", count: 64))' WHERE name = 'm0001_catalog'",
        ]
        try sqlite.run()
        sqlite.waitUntilExit()
        try #require(sqlite.terminationStatus == 0, "sqlite3 is needed for this test")
        let doctor = try sandbox.run(["doctor"])
        #expect(doctor.status == 1)
        let lines = doctor.stdout.split(separator: "\n").map(String.init)
        #expect(lines[1] == "integrity:   ok")
        #expect(
            lines[3] == "edited:      m0001_catalog: this conncat carries another text than the one that migrated the catalog; "
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
        #expect(again.stderr == "backup.sqlite: error: the backup file exists already; choose a new backup file name\n")
    }

    @Test func aDamagedCatalogIsOneLineNeverSQL() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["import", Sandbox.demo]).status == 0)
        // Overwrite pages after the header with garbage.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: sandbox.database))
        try handle.seek(toOffset: 4096)
        handle.write(Data(repeating: 0xA5, count: 3 * 4096))
        try handle.close()
        for command in [["columns"], ["doctor"], ["connections", "--format", "json"]] {
            let result = try sandbox.run(command)
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(command): \(result.stderr)")
            #expect(result.stderr.hasPrefix("conncat.sqlite: error: "), "\(command): \(result.stderr)")
            #expect(!result.stderr.contains("SELECT"), "\(command): no SQL in errors")
        }
    }

    @Test func onlyImportCreatesACatalogAndAnotherApplicationsDatabaseIsNeverTouched() throws {
        let sandbox = try Sandbox()
        for command in [["connections"], ["doctor"], ["backup", "b.sqlite"], ["columns", "--database", "typo.sqlite"]] {
            let result = try sandbox.run(command)
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr.contains("error: no catalog here; run `conncat import PATH` first"), "\(command): \(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.folder.path).isEmpty, "no file created")

        let other = sandbox.folder.appendingPathComponent("other.sqlite").path
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sqlite.arguments = ["sqlite3", other, "CREATE TABLE invoice (id INTEGER PRIMARY KEY); INSERT INTO invoice VALUES (1);"]
        try sqlite.run()
        sqlite.waitUntilExit()
        try #require(sqlite.terminationStatus == 0, "sqlite3 is needed for this test")
        let before = try Data(contentsOf: URL(fileURLWithPath: other))
        for command in [["connections", "--database", other], ["import", Sandbox.demo, "--database", other]] {
            let result = try sandbox.run(command)
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr == "other.sqlite: error: not a ConnectionCatalog catalog; it was left untouched; choose another file with --database\n")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: other)) == before)
        let folder = try sandbox.run(["import", Sandbox.demo, "--database", sandbox.folder.path])
        #expect(folder.stderr == ".: error: cannot use the catalog: it is a folder; give a file name with --database\n")
    }

    @Test func anXMLOnlyImportInBetweenRaisesNoFalseSecretChange() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["import", Sandbox.demo]).status == 0)
        #expect(try sandbox.run(["import", Sandbox.demo + "/Conf"]).status == 0)
        #expect(try sandbox.run(["import", Sandbox.demo]).status == 0)
        struct Row: Decodable {
            let secret: Bool
            let changed_since_previous_import: Bool?
        }
        let rows = try JSONDecoder().decode([Row].self, from: Data(try sandbox.run(["settings", "--format", "json"]).stdout.utf8))
        let secrets = rows.filter(\.secret)
        #expect(!secrets.isEmpty)
        #expect(secrets.allSatisfy { $0.changed_since_previous_import == false })
    }
}
