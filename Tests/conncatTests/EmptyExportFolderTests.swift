import Foundation
import Testing

/// A folder that holds no export file at all (the wrong folder, or a fresh working directory
/// whose export tasks have not run) records no refresh: never a failure for every connection.
@Suite struct EmptyExportFolderTests {
    let sandbox: Sandbox
    let demo: URL

    init() throws {
        sandbox = try Sandbox()
        demo = try sandbox.copyDemo()
    }

    /// A folder with files, none of which a refresh reads (hidden, another extension, a
    /// prepare-synchronization output).
    func folderWithoutExportFile(_ name: String) throws -> URL {
        let folder = sandbox.folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in ["README.txt", ".HRFeed.csv", "HRFeed.sorted.csv"] {
            try "id,name\n".write(to: folder.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        return folder
    }

    static func errorLine(_ folder: String) -> String {
        "\(folder): error: holds no export file (no *.csv file), so no schema can be refreshed from it; "
            + "give the ExportOutput folder the export tasks write their CSV files to (<TempFolderPath>/ExportOutput) with --export-dir DIR\n"
    }

    /// The history of every connection, as `history --format json` lists it: refresh ids.
    func attempts() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for connection in ["ADExport", "FinanceDb", "HRFeed", "SnowCmdb", "SnowTicket"] {
            let history = try sandbox.run(["history", connection, "--format", "json"])
            let rows = try #require(JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
            counts[connection] = rows.count
        }
        return counts
    }

    @Test func refreshSchemaFromAFolderWithoutExportFileRecordsNothing() throws {
        #expect(try sandbox.run(["import", "demo", "--at", "2026-11-01T08:00:00Z", "--quiet"]).status == 0)
        let before = try attempts()
        _ = try folderWithoutExportFile("Downloads")
        for format in ["text", "json"] {
            let result = try sandbox.run(["refresh-schema", "--export-dir", "Downloads", "--format", format, "--at", "2026-11-02T08:00:00Z"])
            #expect(result.status == 1)
            #expect(result.stdout == "")
            #expect(result.stderr == Self.errorLine("Downloads"), "\(result.stderr)")
        }
        #expect(try attempts() == before)
        let audit = try sandbox.run(["audit"])
        #expect(audit.stdout.hasPrefix("No connection's latest schema refresh failed: the latest refresh of each of the"), "\(audit.stdout)")
        // A folder that holds one export file, of no connection, is read: the refresh says the rest.
        try "a,b\n".write(to: sandbox.folder.appendingPathComponent("Downloads/Other.csv"), atomically: true, encoding: .utf8)
        let read = try sandbox.run(["refresh-schema", "--export-dir", "Downloads", "--at", "2026-11-02T08:00:00Z"])
        #expect(read.status == 2)
        #expect(read.stdout.contains("  export files that belong to no connection: Other.csv\n"), "\(read.stdout)")
    }

    /// A fresh working directory: its ExportOutput folder exists but the export tasks have not
    /// written to it. The configuration is imported without a schema refresh, a warning says so,
    /// and a later refresh reads that folder by default.
    @Test func importOfAWorkingDirectoryWhoseExportFolderHoldsNoExportFile() throws {
        let export = demo.appendingPathComponent("Temp/ExportOutput")
        let saved = sandbox.folder.appendingPathComponent("saved")
        try FileManager.default.moveItem(at: export, to: saved)
        try FileManager.default.createDirectory(at: export, withIntermediateDirectories: false)
        let warning =
            "conncat: warning: demo/Temp/ExportOutput holds no export file (no *.csv file): no schema refreshed, none recorded as failed; "
            + "run `conncat refresh-schema` once the export tasks wrote to it, or give the ExportOutput folder they write to with --export-dir DIR\n"

        let text = try sandbox.run(["import", "demo", "--at", "2026-11-01T08:00:00Z"])
        #expect(text.status == 0)
        #expect(text.stderr == warning)
        #expect(text.stdout.contains("\n  export output:  demo/Temp/ExportOutput: holds no export file; no schema refresh\n"), "\(text.stdout)")
        #expect(!text.stdout.contains("Schema refresh at"))
        #expect(try attempts() == ["ADExport": 0, "FinanceDb": 0, "HRFeed": 0, "SnowCmdb": 0, "SnowTicket": 0])
        let connections = try sandbox.run(["connections", "--format", "csv"])
        #expect(connections.stdout.components(separatedBy: ",never,").count == 6, "\(connections.stdout)")

        // The same with --quiet and JSON: the warning on standard error, nothing failed.
        let quiet = try sandbox.run(["import", "demo", "--at", "2026-11-01T09:00:00Z", "--quiet"])
        #expect(quiet.status == 0 && quiet.stdout.isEmpty && quiet.stderr == warning)
        let json = try sandbox.run(["import", "demo", "--at", "2026-11-01T10:00:00Z", "--format", "json"])
        #expect(json.status == 0 && json.stdout == "[]\n" && json.stderr == warning, "\(json.stdout)\(json.stderr)")

        // Without export files yet, refresh-schema says so; once the export tasks wrote, it reads the folder.
        let early = try sandbox.run(["refresh-schema", "--at", "2026-11-01T11:00:00Z"])
        #expect(early.status == 1)
        #expect(early.stderr == Self.errorLine("demo/Temp/ExportOutput"), "\(early.stderr)")
        try FileManager.default.removeItem(at: export)
        try FileManager.default.moveItem(at: saved, to: export)
        let later = try sandbox.run(["refresh-schema", "--at", "2026-11-01T12:00:00Z"])
        #expect(later.status == 0, "\(later.stderr)")
        #expect(later.stdout.contains("Schema refresh at 2026-11-01T12:00:00Z: 4 succeeded, 0 failed, 1 without schema\n"), "\(later.stdout)")
        // Between the first import and the first schema: the configuration was known, no schema yet.
        let between = try sandbox.run(["columns", "--as-of", "2026-11-01T11:30:00Z"])
        #expect(
            between.stdout == "No columns as of 2026-11-01T11:30:00Z: schema history starts at 2026-11-01T12:00:00Z (the first successful refresh).\n",
            "\(between.stdout)")
    }

    /// `import --export-dir DIR` names the folder to read: one without export file is an error,
    /// and nothing is stored (no catalog is created).
    @Test func importWithAnExplicitFolderWithoutExportFileStoresNothing() throws {
        _ = try folderWithoutExportFile("Downloads")
        let result = try sandbox.run(["import", "demo", "--export-dir", "Downloads"])
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == Self.errorLine("Downloads"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.database))
    }
}
