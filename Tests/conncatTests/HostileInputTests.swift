import ConnectionCatalog
import Foundation
import Testing

/// `Fixtures/hostile/`: every hostile file, imported as part of a working directory by the real
/// binary, gives one located error line (XML, JSON) or a failed refresh (CSV), never a crash or a
/// hang, and stores nothing. See `Fixtures/hostile/README.md`.
@Suite struct HostileInputTests {
    static let hostile = Sandbox.repositoryRoot.appendingPathComponent("Fixtures/hostile")
    /// Longest a single import may take before it counts as a hang.
    static let hang: Double = 60

    /// One hostile input: its name as the golden files show it, and its bytes.
    struct Case {
        var name: String
        var data: Data
    }

    /// The files of `Fixtures/hostile/<kind>/`, in name order, then the generated cases.
    static func cases(_ kind: String) throws -> [Case] {
        let folder = hostile.appendingPathComponent(kind)
        var cases = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map { name in
            Case(name: "\(kind)/\(name)", data: try Data(contentsOf: folder.appendingPathComponent(name)))
        }
        switch kind {
        case "xml":
            // Over libxml2's 10,000,000-byte limit for one attribute value: refused, memory bounded.
            let huge = "<ConfigurationFile>\n  <Agent Identifier=\"" + String(repeating: "A", count: 10_000_001) + "\" />\n</ConfigurationFile>\n"
            cases.append(Case(name: "xml/generated-huge-attribute.xml", data: Data(huge.utf8)))
        case "csv":
            // A header record over 1 MiB (no line break in the first 1.5 MiB).
            let long = String(repeating: "column;", count: 1_572_864 / 7) + "\n1;2\n"
            cases.append(Case(name: "csv/generated-header-over-1-MiB.csv", data: Data(long.utf8)))
        default:
            break
        }
        return cases
    }

    /// `Hostile/x.xml:3:5: error: ...` or `Runtime/appsettings.agent.json:2:3 (Connections): error: ...`;
    /// only files with nothing in them may name the file without a line.
    static func isLocatedErrorLine(_ line: String, file: String, mayOmitLine: Bool) -> Bool {
        guard line.hasPrefix(file) else { return false }
        let rest = line.dropFirst(file.count)
        let pattern = mayOmitLine ? #"^(:[0-9]+(:[0-9]+)?)?( \([^)]*\))?: error: \S.*$"# : #"^:[0-9]+(:[0-9]+)?( \([^)]*\))?: error: \S.*$"#
        return rest.range(of: pattern, options: .regularExpression) != nil
    }

    @Test func everyHostileConfigurationOrSettingsFileIsOneLocatedErrorAndNothingIsStored() throws {
        let sandbox = try Sandbox()
        let work = try sandbox.copyDemo()
        #expect(try sandbox.run(["import", work.path, "--at", "2026-10-29T08:00:00Z"]).status == 0)
        let columnsBefore = try sandbox.run(["columns", "--format", "json"]).stdout
        let settingsFile = work.appendingPathComponent("Runtime/appsettings.agent.json")
        let settings = try Data(contentsOf: settingsFile)
        let hostileFolder = work.appendingPathComponent("Conf/Hostile")
        try FileManager.default.createDirectory(at: hostileFolder, withIntermediateDirectories: true)

        var golden: [String] = []
        let cases = try Self.cases("xml") + Self.cases("json")
        #expect(cases.count >= 50)
        for hostileCase in cases {
            let fileName = URL(fileURLWithPath: hostileCase.name).lastPathComponent
            let isXML = hostileCase.name.hasPrefix("xml/")
            // Named as it opens from where the command ran.
            // Named as it opens from the current directory (the sandbox).
            let shownFile = "demo" + (isXML ? "/Conf/Hostile/\(fileName)" : "/Runtime/appsettings.agent.json")
            let target = isXML ? hostileFolder.appendingPathComponent(fileName) : settingsFile
            try hostileCase.data.write(to: target)
            defer {
                if isXML { try? FileManager.default.removeItem(at: target) } else { try? settings.write(to: settingsFile) }
            }

            let result = try sandbox.run(["import", work.path, "--at", "2026-10-30T08:00:00Z"], timeout: Self.hang)
            #expect(result.status == 1, "\(hostileCase.name): exit \(result.status)")
            #expect(result.stdout == "", "\(hostileCase.name)")
            let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 2 && lines[1].isEmpty, "\(hostileCase.name): one line, not \(result.stderr)")
            let line = String(lines[0])
            let mayOmitLine = ["xml/empty.xml", "xml/whitespace-only.xml"].contains(hostileCase.name)
            #expect(Self.isLocatedErrorLine(line, file: shownFile, mayOmitLine: mayOmitLine), "\(hostileCase.name): \(line)")
            #expect(!line.contains("/etc/passwd") && !line.contains("root:"), "never the text of an external entity")
            golden.append("\(hostileCase.name) -> \(line.replacingOccurrences(of: "demo/", with: ""))")
        }
        try assertGolden(golden.joined(separator: "\n") + "\n", "hostile-errors.txt")

        // Nothing of any of them was stored.
        #expect(try Catalog(path: sandbox.database).imports().count == 1)
        #expect(try sandbox.run(["columns", "--format", "json"]).stdout == columnsBefore)
        #expect(try sandbox.run(["doctor"]).status == 0)
    }

    @Test func everyHostileExportFileIsAFailedRefreshThatKeepsTheLastGoodSchema() throws {
        let sandbox = try Sandbox()
        let work = try sandbox.copyDemo()
        #expect(try sandbox.run(["import", work.path, "--at", "2026-10-29T08:00:00Z"]).status == 0)
        let hrColumns = try sandbox.run(["columns", "--connection", "HRFeed", "--format", "json"]).stdout
        let exportFile = work.appendingPathComponent("Temp/ExportOutput/HRFeed.csv")

        var golden: [String] = []
        let cases = try Self.cases("csv")
        for (index, hostileCase) in cases.enumerated() {
            try hostileCase.data.write(to: exportFile)
            let at = String(format: "2026-11-%02dT08:00:00Z", index + 1)
            let result = try sandbox.run(["import", work.path, "--at", at], timeout: Self.hang)
            #expect(result.status == 2, "imported, the refresh failed: \(hostileCase.name): \(result.stderr)")
            // One line says why the exit code is 2 (a CI log shows it).
            #expect(
                result.stderr
                    == "conncat: error: the schema refresh failed for 1 connection: HRFeed (failed at \(at), last success "
                    + "2026-10-29T08:00:00Z); the configuration is imported; `conncat audit` says why: fix the export files, then import again\n",
                "\(hostileCase.name)")
            let refresh = result.stdout.split(separator: "\n").filter { $0.hasPrefix("  HRFeed: ") }
            #expect(refresh.count == 1 && refresh[0].hasPrefix("  HRFeed: FAILED ("), "\(hostileCase.name): \(result.stdout)")
            golden.append("\(hostileCase.name) -> \(refresh.first.map { $0.dropFirst(2) } ?? "no HRFeed line")")
        }
        try assertGolden(golden.joined(separator: "\n") + "\n", "hostile-refresh.txt")

        // The schema of the first import is still the one in force, now marked stale.
        #expect(hrColumns.contains("\"stale\": false") && !hrColumns.contains("\"stale\": true"))
        #expect(
            try sandbox.run(["columns", "--connection", "HRFeed", "--format", "json"]).stdout
                == hrColumns.replacingOccurrences(of: "\"stale\": false", with: "\"stale\": true"))
        let tables = try sandbox.run(["tables", "--connection", "HRFeed", "--format", "csv"]).stdout
        #expect(tables.hasSuffix("HRFeed,HRFeed,8,2026-10-29T08:00:00Z,true,true,export_output\r\n"), "\(tables)")
        #expect(try Catalog(path: sandbox.database).imports().count == cases.count + 1)
    }

    @Test func unusualButNormalConfigurationFilesImport() throws {
        let sandbox = try Sandbox()
        let work = try sandbox.copyDemo()
        let accepted = Self.hostile.appendingPathComponent("accepted")
        try FileManager.default.copyItem(at: accepted, to: work.appendingPathComponent("Conf/Accepted"))
        let result = try sandbox.run(["import", work.path], timeout: Self.hang)
        // Exit code 2: imported; the accepted connections have no export file, so their refresh fails.
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("conncat: error: the schema refresh failed for 2 connections: AcceptedMixed (failed at "))
        #expect(result.stderr.split(separator: "\n").count == 1)
        struct Row: Decodable, Equatable {
            let connection: String
            let display_name: String?
            let connector: String?
            let file: String
            let line: Int
        }
        let rows = try JSONDecoder().decode([Row].self, from: Data(try sandbox.run(["connections", "--format", "json"]).stdout.utf8))
        #expect(
            rows.filter { $0.connection.hasPrefix("Accepted") } == [
                Row(
                    connection: "AcceptedMixed", display_name: "<mixed> \"input\"", connector: "AcceptedMixed",
                    file: "Conf/Accepted/comments-cdata-references-namespaces.xml", line: 11),
                Row(
                    connection: "AcceptedUtf16", display_name: "UTF-16 😀", connector: "AcceptedUtf16",
                    file: "Conf/Accepted/utf16le-bom-crlf.xml", line: 5),
            ])
    }
}
