import Foundation
import Testing

/// Two imports of one working directory, through the CLI: `imports` and `changes`.
@Suite struct ChangesCommandTests {
    let sandbox: Sandbox
    let work: URL

    init() throws {
        sandbox = try Sandbox()
        work = sandbox.folder.appendingPathComponent("work")
    }

    func write(_ path: String, _ text: String) throws {
        let url = work.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    static func configuration(secondImport: Bool) -> String {
        """
        <?xml version="1.0" encoding="utf-8"?>
        <ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">
          <Connector Identifier="Snow" DisplayName_L1="ServiceNow" />
          <Connection Identifier="SnowCmdb" DisplayName_L1="CMDB export" Connector="Snow" Package="Usercube.CSV@0000001" />
        \(secondImport ? "  <Connection Identifier=\"HRFiles\" DisplayName_L1=\"HR files\" Connector=\"Snow\" Package=\"Usercube.CSV@0000001\" />\n" : "")\
          <EntityType Identifier="SN_User">
            <Property Identifier="EmployeeNumber" Type="String" />
            <Property Identifier="Mail" Type="String" />
          </EntityType>
          <EntityTypeMapping Identifier="SN_User" Connector="Snow" ConnectionTable="SnowCmdb_users">
            <Property Identifier="EmployeeNumber" ConnectionColumn="employee_number" IsPrimaryKey="true" />
            <Property Identifier="Mail" ConnectionColumn="\(secondImport ? "email" : "display_name")" />
          </EntityTypeMapping>
        </ConfigurationFile>
        """
    }

    static func settings(secondImport: Bool) -> String {
        """
        {
          "Connections": {
            "SnowCmdb": {
              "Server": "https://cmdb.example.test",
              "Login": "svc-catalog",
              "Password": "\(secondImport ? "FAKE-SECRET-rotated-0002" : "FAKE-SECRET-first-0001")"
            }\(secondImport ? ",\n    \"HRFiles\": { \"Separator\": \";\" }" : "")
          }
        }
        """
    }

    /// Import 1, then import 2 with a renamed export column, a new connection, a changed
    /// mapping and a changed secret.
    func importTwice() throws {
        try write("Conf/Snow.xml", Self.configuration(secondImport: false))
        try write("Runtime/appsettings.agent.json", Self.settings(secondImport: false))
        try write("Temp/ExportOutput/SnowCmdb_users.csv", "employee_number,email,display_name\n")
        #expect(try sandbox.run(["import", "work", "--at", "2026-11-01T08:00:00Z"]).status == 0)
        try write("Conf/Snow.xml", Self.configuration(secondImport: true))
        try write("Runtime/appsettings.agent.json", Self.settings(secondImport: true))
        try write("Temp/ExportOutput/SnowCmdb_users.csv", "employee_no,email,display_name\n")
        try write("Temp/ExportOutput/HRFiles_people.csv", "id;name\n")
        #expect(try sandbox.run(["import", "work", "--at", "2026-11-02T08:00:00Z"]).status == 0)
    }

    struct Imports: Decodable, Equatable {
        let import_id: Int
        let at: String
        let folder: String
        let xml_files: Int
        let elements: Int
        let changed: Bool
    }

    @Test func importsListsEveryImport() throws {
        try importTwice()
        #expect(try sandbox.run(["import", "work", "--at", "2026-11-03T08:00:00Z"]).status == 0)
        let result = try sandbox.run(["imports", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let imports = try JSONDecoder().decode([Imports].self, from: Data(result.stdout.utf8))
        let folder = work.standardizedFileURL.path
        #expect(
            imports == [
                Imports(import_id: 1, at: "2026-11-01T08:00:00Z", folder: folder, xml_files: 1, elements: 8, changed: true),
                Imports(import_id: 2, at: "2026-11-02T08:00:00Z", folder: folder, xml_files: 1, elements: 9, changed: true),
                Imports(import_id: 3, at: "2026-11-03T08:00:00Z", folder: folder, xml_files: 1, elements: 9, changed: false),
            ])
        // The unchanged third import keeps what the first two knew: their changes are told the same.
        let changes = try sandbox.run(["changes", "--from", "1", "--to", "2", "--format", "json"])
        try assertGolden(changes.stdout, "changes-scenario.json")
        let none = try sandbox.run(["changes", "--format", "json"])
        #expect(none.stdout.contains("\"configuration\": [],\n  \"settings\": [],\n  \"settings_not_read\": [],\n  \"schema\": [],"), "\(none.stdout)")
    }

    /// A setting that is not a secret shows its old and new value; a secret never does.
    @Test func aPublicSettingChangeShowsOldAndNewValues() throws {
        try importTwice()
        try write(
            "Runtime/appsettings.agent.json",
            Self.settings(secondImport: true).replacingOccurrences(of: "\"Separator\": \";\"", with: "\"Separator\": \",\"")
                .replacingOccurrences(of: "FAKE-SECRET-rotated-0002", with: "FAKE-SECRET-rotated-0003"))
        #expect(try sandbox.run(["import", "work", "--at", "2026-11-03T08:00:00Z"]).status == 0)
        let review = try sandbox.run(["changes"])
        #expect(review.stdout.contains("\nHRFiles\n  settings  ~ Separator ';' -> ','\n"), "\(review.stdout)")
        #expect(review.stdout.contains("\nSnowCmdb\n  settings  ~ Password (secret: value changed)\n"), "\(review.stdout)")
        let json = try sandbox.run(["changes", "--format", "json"])
        #expect(!json.stdout.contains("FAKE-SECRET") && !review.stdout.contains("FAKE-SECRET"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let settings = try #require(object["settings"] as? [[String: Any]])
        #expect(
            settings.map { "\($0["key"] ?? "") \($0["old"] ?? "") \($0["new"] ?? "")" } == ["Separator ; ,", "Password <null> <null>"],
            "\(settings)")
    }

    @Test func changesTellsTheWholeScenario() throws {
        try importTwice()
        let result = try sandbox.run(["changes", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("FAKE-SECRET"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((object["from"] as? [String: Any])?["import_id"] as? Int == 1)
        #expect((object["to"] as? [String: Any])?["at"] as? String == "2026-11-02T08:00:00Z")
        let configuration = try #require(object["configuration"] as? [[String: Any]])
        #expect(configuration.count == 2)
        #expect(configuration.first?["change"] as? String == "added")
        #expect(configuration.first?["identifier"] as? String == "HRFiles")
        #expect(configuration.last?["identifier"] as? String == "SN_User:Mail")
        #expect(configuration.last?["old"] as? String == "display_name")
        #expect(configuration.last?["new"] as? String == "email")
        let settings = try #require(object["settings"] as? [[String: Any]])
        #expect(
            settings.map { "\($0["connection"] ?? "") \($0["key"] ?? "") \($0["change"] ?? "") \($0["secret"] ?? "")" }
                == ["HRFiles Separator added 0", "SnowCmdb Password modified 1"])
        let schema = try #require(object["schema"] as? [[String: Any]])
        #expect(
            schema.contains {
                $0["connection"] as? String == "SnowCmdb" && $0["change"] as? String == "column_removed"
                    && $0["column"] as? String == "employee_number" && $0["renamed_to"] as? String == "employee_no"
            })
        #expect(schema.contains { $0["connection"] as? String == "HRFiles" && $0["change"] as? String == "table_added" })
        let findings = try #require(object["findings"] as? [String: Any])
        let new = try #require(findings["new"] as? [[String: Any]])
        #expect(
            new.map { "\($0["rule"] ?? "") \($0["subject"] ?? "") \($0["line"] ?? "") \($0["suggestion"] ?? "")" }
                == ["column-missing SN_User:EmployeeNumber 11 employee_no"])
        #expect((findings["resolved"] as? [Any])?.isEmpty == true)
        try assertGolden(result.stdout, "changes-scenario.json")
        let review = try sandbox.run(["changes"])
        #expect(review.status == 0)
        #expect(!review.stdout.contains("FAKE-SECRET"))
        try assertGolden(review.stdout, "changes-scenario.txt")
        // Files as every command shows them: from the current directory.
        #expect(review.stdout.contains("  breaks    work/Conf/Snow.xml:11 error column-missing: "), "\(review.stdout)")
        // On a terminal, long lines break at word boundaries and continue under their text.
        for columns in [80, 120] {
            let seen = try sandbox.runInTerminal(["changes"], columns: columns, environment: ["NO_COLOR": "1"])
            #expect(seen.status == 0)
            #expect(TerminalOutputTests.longestLine(seen.stdout) <= columns, "\(seen.stdout)")
            try assertGolden(seen.stdout, "changes-terminal-\(columns).txt")
            let words = { (text: String) in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) }
            #expect(words(seen.stdout) == words(review.stdout), "wrapping moves words, never cuts one")
        }
        let narrow = try sandbox.runInTerminal(["changes"], columns: 80, environment: ["NO_COLOR": "1"])
        #expect(narrow.stdout.contains("  breaks    work/Conf/Snow.xml:11 error column-missing: ConnectionColumn\n            'employee_number'"))
    }

    @Test func changesNeedsTwoImports() throws {
        try write("Conf/Snow.xml", Self.configuration(secondImport: false))
        #expect(try sandbox.run(["import", "work"]).status == 0)
        let result = try sandbox.run(["changes"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Nothing to compare yet: the catalog has 1 import"), "\(result.stdout)")
        #expect(try sandbox.run(["changes", "--from", "7", "--to", "1"]).stderr.contains("there is no import 7"))
    }

    /// A finding is the same one after lines were added above it: neither new nor resolved.
    @Test func aFindingThatOnlyMovedIsNeitherNewNorResolved() throws {
        let demo = try sandbox.copyDemo()
        #expect(try sandbox.run(["import", demo.path]).status == 0)
        let file = demo.appendingPathComponent("Conf/HR/HR Connector.xml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let shifted = text.replacingOccurrences(of: "?>\n", with: "?>\n<!-- a line added above -->\n\n")
        #expect(shifted != text)
        try shifted.write(to: file, atomically: true, encoding: .utf8)
        #expect(try sandbox.run(["import", demo.path]).status == 0)
        let result = try sandbox.run(["changes", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let findings = json?["findings"] as? [String: Any]
        #expect((findings?["new"] as? [Any])?.count == 0, "\(result.stdout)")
        #expect((findings?["resolved"] as? [Any])?.count == 0, "\(result.stdout)")
    }

    struct Column: Decodable, Equatable {
        let table: String
        let column: String
        let mapped_by: [String]
    }

    @Test func asOfShowsWhatTheConfigurationMappedThen() throws {
        try importTwice()
        func columns(_ extra: [String]) throws -> [String: [String]] {
            let result = try sandbox.run(["columns", "--connection", "SnowCmdb", "--format", "json"] + extra)
            #expect(result.status == 0, "\(result.stderr)")
            let rows = try JSONDecoder().decode([Column].self, from: Data(result.stdout.utf8))
            return Dictionary(uniqueKeysWithValues: rows.map { ($0.column, $0.mapped_by) })
        }
        #expect(
            try columns(["--as-of", "2026-11-01T12:00:00Z"])
                == ["employee_number": ["SN_User:EmployeeNumber"], "email": [], "display_name": ["SN_User:Mail"]])
        #expect(try columns([]) == ["employee_no": [], "email": ["SN_User:Mail"], "display_name": []])
        let tables = try sandbox.run(["tables", "--as-of", "2026-11-01T12:00:00Z", "--format", "json"])
        #expect(tables.stdout.contains("\"mapped\": true"), "\(tables.stdout)")
    }

    /// `--entity-type` with `--as-of` finds the table that entity type's mapping named then.
    @Test func asOfFindsTheTableAnEntityTypeMappedThen() throws {
        func configuration(groups: Bool) -> String {
            """
            <?xml version="1.0" encoding="utf-8"?>
            <ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">
              <Connector Identifier="Snow" DisplayName_L1="ServiceNow" />
              <Connection Identifier="SnowCmdb" DisplayName_L1="CMDB export" Connector="Snow" Package="Usercube.CSV@0000001" />
              <EntityType Identifier="SN_Group">
                <Property Identifier="Name" Type="String" />
              </EntityType>
              <EntityTypeMapping Identifier="SN_Group" Connector="Snow" ConnectionTable="\(groups ? "SnowCmdb_groups" : "SnowCmdb_teams")">
                <Property Identifier="Name" ConnectionColumn="name" IsPrimaryKey="true" />
              </EntityTypeMapping>
            </ConfigurationFile>
            """
        }
        try write("Conf/Snow.xml", configuration(groups: true))
        try write("Temp/ExportOutput/SnowCmdb_groups.csv", "name,owner\n")
        try write("Temp/ExportOutput/SnowCmdb_teams.csv", "name,lead\n")
        #expect(try sandbox.run(["import", "work", "--at", "2026-11-01T08:00:00Z"]).status == 0)
        try write("Conf/Snow.xml", configuration(groups: false))
        #expect(try sandbox.run(["import", "work", "--at", "2026-11-02T08:00:00Z"]).status == 0)
        func columns(_ extra: [String]) throws -> [String: [String]] {
            let result = try sandbox.run(["columns", "--entity-type", "SN_Group", "--format", "json"] + extra)
            #expect(result.status == 0, "\(result.stderr)")
            let rows = try JSONDecoder().decode([Column].self, from: Data(result.stdout.utf8))
            return Dictionary(uniqueKeysWithValues: rows.map { ($0.table + "." + $0.column, $0.mapped_by) })
        }
        #expect(try columns([]) == ["SnowCmdb_teams.name": ["SN_Group:Name"], "SnowCmdb_teams.lead": []])
        #expect(
            try columns(["--as-of", "2026-11-01T12:00:00Z"])
                == ["SnowCmdb_groups.name": ["SN_Group:Name"], "SnowCmdb_groups.owner": []])
    }

    /// `import --format json`: a first successful refresh lists every table and column as added;
    /// the next one, only what changed.
    @Test func importJSONListsAFirstSchemaWholeAndThenItsChanges() throws {
        struct Impact: Decodable {
            let connection: String
            let changed: Bool?
            let changes: [DiffChange]
        }
        func refreshed(_ at: String) throws -> [String: [DiffChange]] {
            let result = try sandbox.run(["import", "work", "--at", at, "--format", "json"])
            #expect(result.status == 0, "\(result.stderr)")
            let impacts = try JSONDecoder().decode([Impact].self, from: Data(result.stdout.utf8))
            return Dictionary(uniqueKeysWithValues: impacts.map { ($0.connection, $0.changes) })
        }
        try write("Conf/Snow.xml", Self.configuration(secondImport: false))
        try write("Temp/ExportOutput/SnowCmdb_users.csv", "employee_number,email\n")
        #expect(
            try refreshed("2026-11-01T08:00:00Z")["SnowCmdb"] == [
                DiffChange(change: "table_added", table: "SnowCmdb_users", column: nil, position: nil),
                DiffChange(change: "column_added", table: "SnowCmdb_users", column: "employee_number", position: 1),
                DiffChange(change: "column_added", table: "SnowCmdb_users", column: "email", position: 2),
            ])
        try write("Temp/ExportOutput/SnowCmdb_users.csv", "employee_number,email,display_name\n")
        #expect(
            try refreshed("2026-11-02T08:00:00Z")["SnowCmdb"] == [
                DiffChange(change: "column_added", table: "SnowCmdb_users", column: "display_name", position: 3)
            ])
    }
}
