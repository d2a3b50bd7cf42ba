import ConnectionCatalog
import Foundation
import Testing

@Suite struct InputErrorTests {
    /// A working directory whose XML is broken in the way `xml` shows, next to valid files.
    func brokenDirectory(_ sandbox: Sandbox, file: String, _ xml: Data) throws -> URL {
        let demo = try sandbox.copyDemo()
        try xml.write(to: demo.appendingPathComponent("Conf/\(file)"))
        return demo
    }

    /// `line` nil: the error names the file only (an empty file has no line to point at).
    func expectRejected(_ xml: Data, file: String, message: String, line: Int?) throws {
        let sandbox = try Sandbox()
        let demo = try brokenDirectory(sandbox, file: file, xml)
        let result = try sandbox.run(["import", demo.path])
        #expect(result.status == 1)
        #expect(result.stdout == "")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "one line: \(result.stderr)")
        // Named as it opens from the current directory (the sandbox).
        let path = "demo/Conf/\(file)"
        #expect(result.stderr.hasPrefix(line.map { "\(path):\($0)" } ?? "\(path): error:"), "\(result.stderr)")
        #expect(result.stderr.localizedCaseInsensitiveContains(message), "\(result.stderr)")
        // Nothing of that import is stored.
        #expect(try Catalog(path: sandbox.database).imports().isEmpty)
    }

    @Test func malformedXMLIsRejectedWithFileAndLineAndNothingIsStored() throws {
        let xml =
            "<?xml version=\"1.0\"?>\n<ConfigurationFile xmlns=\"urn:schemas-usercube-com:configuration\">\n  <Connection Identifier=\"Broken\">\n</ConfigurationFile>\n"
        try expectRejected(Data(xml.utf8), file: "Broken.xml", message: "an end tag does not match the element it closes", line: 4)
    }

    @Test func emptyXMLFileIsRejected() throws {
        try expectRejected(Data(), file: "Empty.xml", message: "file is empty", line: nil)
    }

    @Test func wronglyEncodedXMLIsRejected() throws {
        var bytes = Data("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ConfigurationFile>\n  <Agent Identifier=\"Caf".utf8)
        bytes.append(contentsOf: [0xE9, 0xFF])  // Latin-1 bytes in a UTF-8 document
        bytes.append(contentsOf: Array("\"/>\n</ConfigurationFile>\n".utf8))
        try expectRejected(bytes, file: "Latin1.xml", message: "UTF-8", line: 3)
    }

    @Test func aFailedImportLeavesThePreviousImportInForce() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["import", Sandbox.demo]).status == 0)
        let before = try sandbox.run(["columns", "--format", "json"]).stdout
        let demo = try brokenDirectory(sandbox, file: "Broken.xml", Data("<ConfigurationFile><Agent".utf8))
        #expect(try sandbox.run(["import", demo.path]).status == 1)
        #expect(try sandbox.run(["columns", "--format", "json"]).stdout == before)
        #expect(try Catalog(path: sandbox.database).imports().count == 1)
    }

    @Test func missingFolderAndBadOptionsGetOneLine() throws {
        let sandbox = try Sandbox()
        let missing = try sandbox.run(["import", "no/such/folder"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "no/such/folder: error: no such folder; give a folder of Identity Manager XML files or a working directory (with Conf/)\n")
        #expect(!FileManager.default.fileExists(atPath: sandbox.database), "a failed import leaves no new catalog")
        #expect(try sandbox.run(["import", Sandbox.demo]).status == 0)
        let badTime = try sandbox.run(["tables", "--as-of", "last tuesday"])
        #expect(badTime.status == 64)
        #expect(badTime.stderr.hasPrefix("conncat: error: the value 'last tuesday' is invalid for '--as-of <time>'; "))
        let unknown = try sandbox.run(["columns", "--connection", "Nope"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "conncat: error: no connection 'Nope' in the catalog; `conncat connections` lists them\n")
    }

    @Test func catalogFromANewerConncatIsRefused() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["import", Sandbox.demo]).status == 0)
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sqlite.arguments = ["sqlite3", sandbox.database, "INSERT INTO grdb_migrations VALUES ('m0999_future')"]
        try sqlite.run()
        sqlite.waitUntilExit()
        try #require(sqlite.terminationStatus == 0, "sqlite3 is needed for this test")
        let result = try sandbox.run(["connections"])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "conncat.sqlite: error: catalog was written by a newer version (unknown migrations: m0999_future); it was left untouched; upgrade conncat or use another --database\n"
        )
    }
}

@Suite struct SecretTests {
    static let fakeSecrets = [
        "FAKE-SECRET-openid-job-0001", "FAKE-SECRET-openid-provisioning-0002", "FAKE-SECRET-ad-password-0003",
        "FAKE-SECRET-ad-old-password-0000", "FAKE-SECRET-finance-sql-password-0004", "FAKE-SECRET-snow-password-0005",
        "FAKE-SECRET-snow-client-secret-0006", "FAKE-SECRET-snow-ticket-password-0007",
        "FAKE-SECRET-snow-ticket-client-secret-0008", "FAKE-SECRET-reporting-db-password-0009",
    ]

    @Test func theDemoReallyHoldsTheFakeSecrets() throws {
        let settings = try String(contentsOfFile: Sandbox.demo + "/Runtime/appsettings.agent.json", encoding: .utf8)
        for secret in Self.fakeSecrets { #expect(settings.contains(secret)) }
    }

    @Test func noSecretReachesTheCatalogOrAnyOutput() throws {
        let sandbox = try Sandbox()
        var outputs: [RunResult] = []
        outputs.append(try sandbox.run(["import", Sandbox.demo]))
        for command in ["connections", "tables", "columns"] {
            for format in ["table", "json", "csv"] {
                outputs.append(try sandbox.run([command, "--format", format]))
            }
        }
        outputs.append(try sandbox.run(["columns", "--all", "--format", "json"]))
        for format in ["table", "json", "sarif"] { outputs.append(try sandbox.run(["check", "--format", format])) }
        for format in ["table", "json", "csv"] { outputs.append(try sandbox.run(["settings", "--format", format])) }
        for command in [["history", "ADExport"], ["audit", "--all"], ["diff", "ADExport"], ["doctor"], ["check", "--list-rules"]] {
            outputs.append(try sandbox.run(command))
        }
        outputs.append(try sandbox.run(["refresh-schema", "--export-dir", Sandbox.demo + "/Temp/ExportOutput"]))
        // A syntax error right after a secret: the error names the place, never the text.
        let demo = try sandbox.copyDemo()
        let settingsFile = demo.appendingPathComponent("Runtime/appsettings.agent.json")
        let broken = try String(contentsOf: settingsFile, encoding: .utf8)
            .replacingOccurrences(of: "\"FAKE-SECRET-ad-password-0003\",", with: "\"FAKE-SECRET-ad-password-0003\" FAKE-SECRET-snow-password-0005,")
        try broken.write(to: settingsFile, atomically: true, encoding: .utf8)
        let failed = try sandbox.run(["import", demo.path])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("Runtime/appsettings.agent.json:"), "\(failed.stderr)")
        outputs.append(failed)

        // Secret-named XML attributes on any element (not only the documented HashedSecret).
        let withAttributes = sandbox.folder.appendingPathComponent("demo-attributes")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: Sandbox.demo), to: withAttributes)
        let agents = withAttributes.appendingPathComponent("Conf/Agents.xml")
        let xml = try String(contentsOf: agents, encoding: .utf8)
            .replacingOccurrences(
                of: "<Agent ",
                with:
                    #"<Agent SecretKey="FAKE-SECRET-xml-a1" AccessToken="FAKE-SECRET-xml-a2" UserPassword="FAKE-SECRET-xml-a3" AccountKey="FAKE-SECRET-xml-a4" "#
            )
        try xml.write(to: agents, atomically: true, encoding: .utf8)
        #expect(xml.contains("FAKE-SECRET-xml-a1"))
        let imported = try sandbox.run(["import", withAttributes.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        outputs.append(imported)

        #expect(outputs.first?.status == 0)
        let catalog = try sandbox.catalogBytes()
        #expect(!catalog.isEmpty)
        for secret in Self.fakeSecrets {
            for output in outputs {
                #expect(!output.stdout.contains(secret), "stdout shows \(secret)")
                #expect(!output.stderr.contains(secret), "stderr shows \(secret)")
            }
            #expect(catalog.range(of: Data(secret.utf8)) == nil, "catalog holds \(secret)")
        }
        #expect(catalog.range(of: Data("FAKE-SECRET".utf8)) == nil)
    }
}

@Suite struct RefreshCommandTests {
    @Test func aBrokenExportAtALaterDateKeepsTheLastGoodSchemaAndSaysItIsStale() throws {
        let sandbox = try Sandbox()
        let demo = try sandbox.copyDemo()
        #expect(try sandbox.run(["import", demo.path, "--at", "2026-11-01T06:00:00Z"]).status == 0)
        let exports = demo.appendingPathComponent("Temp/ExportOutput")
        try Data().write(to: exports.appendingPathComponent("HRFeed.csv"))
        let refresh = try sandbox.run([
            "refresh-schema", "--export-dir", exports.path, "--connection", "hrfeed",
            "--at", "2026-11-02T06:00:00Z",
        ])
        #expect(refresh.status == 2, "recorded, but a refresh failed")
        #expect(refresh.stdout.contains("HRFeed: FAILED (empty_file): HRFeed.csv: "), "\(refresh.stdout)")
        let tables = try sandbox.run(["tables", "--connection", "HRFeed", "--format", "csv"])
        #expect(
            tables.stdout == "connection,table,column_count,snapshot_at,stale,mapped,source\r\nHRFeed,HRFeed,8,2026-11-01T06:00:00Z,true,true,export_output\r\n"
        )
        let columns = try sandbox.run(["columns", "--table", "HRFeed.csv", "--format", "json"])
        #expect(columns.stdout.components(separatedBy: "\"column\":").count - 1 == 8)
        let connections = try sandbox.run(["connections", "--format", "csv"])
        #expect(connections.stdout.contains("HRFeed,HR - daily CSV feed,HR,Usercube.CSV@0000001,true,failed,2026-11-02T06:00:00Z,2026-11-01T06:00:00Z,"))
        // As of the first day the schema was not stale.
        let asOf = try sandbox.run(["tables", "--connection", "HRFeed", "--as-of", "2026-11-01T12:00:00Z", "--format", "csv"])
        #expect(asOf.stdout.hasSuffix("HRFeed,HRFeed,8,2026-11-01T06:00:00Z,false,true,export_output\r\n"))
    }

    @Test func unknownConnectionIsAnErrorAndRecordsNothing() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["import", Sandbox.demo]).status == 0)
        let result = try sandbox.run(["refresh-schema", "--export-dir", Sandbox.demo + "/Temp/ExportOutput", "--connection", "Nope"])
        #expect(result.status == 1)
        #expect(result.stderr == "conncat: error: no connection 'Nope' in the catalog; `conncat connections` lists them\n")
    }
}
