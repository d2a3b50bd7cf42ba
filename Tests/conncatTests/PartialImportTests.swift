import Foundation
import Testing

@testable import conncat

/// Importing a part of the configuration (`demo/Conf/HR`) into a catalog of the whole demo: the
/// import says which connections are no longer declared, and `changes` does not call what it did
/// not check "fixed".
@Suite struct PartialImportTests {
    struct Finding: Decodable, Equatable {
        let rule: String
        let severity: String
        let file: String
        let line: Int?
        let subject: String
    }
    struct Unchecked: Decodable, Equatable {
        let rule: String
        let file: String
        let subject: String
        let reason: String
    }
    struct Setting: Decodable, Equatable {
        let connection: String?
        let key: String
        let secret: Bool
        var not_read_in: Int? = nil
    }
    struct Changes: Decodable {
        struct Findings: Decodable {
            let new: [Finding]
            let resolved: [Finding]
            let no_longer_checked: [Unchecked]
            let not_checked_before: [Unchecked]
        }
        let settings: [Setting]
        let settings_not_read: [Setting]
        let findings: Findings
    }

    static let warning =
        "conncat: warning: 4 of the 5 connections of import #1 are no longer declared: FinanceDb, ADExport, SnowCmdb, SnowTicket; "
        + "their schema history stays in the catalog; if demo/Conf/HR is only part of the configuration, import the configuration's "
        + "root folder instead (import #1 read demo)\n"

    @Test func aPartOfTheConfigurationSaysWhatIsNoLongerDeclaredAndWhatIsNoLongerChecked() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.copyDemo()
        let whole = try sandbox.run(["import", "demo", "--at", "2026-11-01T08:00:00Z"])
        #expect(whole.status == 0 && whole.stderr.isEmpty, "\(whole.stderr)")
        #expect(!whole.stdout.contains("no longer declared"))

        let part = try sandbox.run(["import", "demo/Conf/HR", "--at", "2026-11-02T08:00:00Z"])
        #expect(part.status == 0, "\(part.stderr)")
        #expect(part.stderr == Self.warning)
        #expect(
            part.stdout.contains(
                "  configuration stored\n  no longer declared: 4 of the 5 connections of import #1: FinanceDb, ADExport, SnowCmdb, SnowTicket\n"),
            "\(part.stdout)")

        // The table: nothing is "fixed" that was only not read; no settings file that is not there.
        let review = try sandbox.run(["changes"])
        #expect(review.status == 0, "\(review.stderr)")
        // The two imports read different folders: the first line says so, names both and what to do.
        #expect(
            review.stdout.hasPrefix(
                "Different folders: import 1 read demo, import 2 read demo/Conf/HR; what only one of them holds is listed as added or "
                    + "removed although it did not change. To see what changed, compare two imports of the same folder: import "
                    + "demo/Conf/HR again after it changed, and `conncat changes` compares the two imports of it (`conncat imports` "
                    + "lists each import's folder).\n\nChanges from import 1 "), "\(review.stdout)")
        #expect(!review.stdout.contains("  fixes "), "\(review.stdout)")
        #expect(!review.stdout.contains("Conf/HR/Runtime"), "\(review.stdout)")
        #expect(
            review.stdout.contains(
                "  unread    demo/Runtime/appsettings.agent.json:28 plain-text-secret ADExport:Password: no longer checked, the agent settings were not read in import 2\n"
            ), "\(review.stdout)")
        #expect(
            review.stdout.contains(
                "  unread    demo/Conf/Directory/Directory Connector.xml:38 table-name-mismatch AD_Entry: no longer checked, this file was not read in import 2\n"
            ), "\(review.stdout)")
        #expect(review.stdout.hasSuffix("2 new findings, 0 resolved, 10 no longer checked (their input was not read)\n"), "\(review.stdout)")
        // The agent settings were not read: none is removed, each connection says how many were not read.
        #expect(!review.stdout.contains("  settings  -"), "\(review.stdout)")
        #expect(
            review.stdout.contains(
                "\n  unread    8 settings (2 secrets) of import 1: not compared, the agent settings were not read in import 2\n"),
            "\(review.stdout)")
        #expect(
            review.stdout.contains("\n  unread    3 settings of import 1: not compared, the agent settings were not read in import 2\n"),
            "\(review.stdout)")
        #expect(
            review.stdout.contains(
                "\n103 configuration differences (different folders), 0 setting changes (32 settings not read in import 2, not compared), "
                    + "0 schema changes\n"),
            "\(review.stdout)")

        let json = try JSONDecoder().decode(Changes.self, from: Data(try sandbox.run(["changes", "--format", "json"]).stdout.utf8))
        // The same findings in the same files on disk are neither new nor resolved, whichever folder each import read.
        #expect(
            json.findings.new == [
                Finding(rule: "connection-settings-missing", severity: "info", file: "", line: nil, subject: "appsettings.agent.json"),
                Finding(rule: "reference-unresolved", severity: "error", file: "HR Connector.xml", line: 9, subject: "AgentLyon"),
            ])
        #expect(json.findings.resolved == [])
        #expect(json.settings == [])
        #expect(json.settings_not_read.count == 32)
        #expect(json.settings_not_read.filter { $0.connection == "HRFeed" }.map(\.key) == ["Path", "Encoding", "Separator"], "\(json.settings_not_read)")
        #expect(
            json.settings_not_read.filter { $0.connection == nil } == [
                Setting(connection: nil, key: "OpenId:OpenIdClients:Job", secret: true, not_read_in: 2),
                Setting(connection: nil, key: "OpenId:OpenIdClients:Provisioning", secret: true, not_read_in: 2),
                Setting(connection: nil, key: "Databases:IdmReporting", secret: true, not_read_in: 2),
            ])
        #expect(json.findings.not_checked_before == [])
        let secrets = [
            (7, "OpenId:OpenIdClients:Job"), (8, "OpenId:OpenIdClients:Provisioning"), (28, "ADExport:Password"),
            (44, "FinanceDb:ConnectionString"), (53, "SnowCmdb:Password"), (55, "SnowCmdb:ClientSecret"), (65, "SnowTicket:Password"),
            (67, "SnowTicket:ClientSecret"), (75, "Databases:IdmReporting"),
        ]
        #expect(
            Set(json.findings.no_longer_checked.map { "\($0.rule) \($0.file) \($0.subject) \($0.reason)" })
                == Set(
                    secrets.map { "plain-text-secret Runtime/appsettings.agent.json \($0.1) agent_settings_not_read" }
                        + ["table-name-mismatch Conf/Directory/Directory Connector.xml AD_Entry file_not_read"]))
        #expect(json.findings.no_longer_checked.count == 10)

        // The check names the folder it imported for the missing agent settings, never a file that is not there.
        let check = try sandbox.run(["check", "--format", "json"])
        let findings = try JSONDecoder().decode([Finding].self, from: Data(check.stdout.utf8))
        #expect(findings.contains(Finding(rule: "connection-settings-missing", severity: "info", file: "", line: nil, subject: "appsettings.agent.json")))
        // The unattributed export file is where the first import found it, not under the folder imported now.
        #expect(
            findings.filter { $0.rule == "export-file-unattributed" }.map(\.file) == [
                sandbox.folder.appendingPathComponent("demo/Temp/ExportOutput/LegacyPayroll.csv").standardizedFileURL.path
            ])
        let text = try sandbox.run(["check"])
        #expect(text.stdout.contains("\ndemo/Conf/HR  connection-settings-missing  appsettings.agent.json\n"), "\(text.stdout)")
        #expect(text.stdout.contains("\ndemo/Temp/ExportOutput/LegacyPayroll.csv  export-file-unattributed"), "\(text.stdout)")

        // Importing the whole configuration again declares every connection again, with its history; no warning.
        let again = try sandbox.run(["import", "demo", "--at", "2026-11-03T08:00:00Z"])
        #expect(again.status == 0 && again.stderr.isEmpty, "\(again.stderr)")
        struct Connection: Decodable { let connection: String }
        let connections = try JSONDecoder().decode([Connection].self, from: Data(try sandbox.run(["connections", "--format", "json"]).stdout.utf8))
        #expect(connections.map(\.connection) == ["ADExport", "FinanceDb", "HRFeed", "SnowCmdb", "SnowTicket"])
        let history = try sandbox.run(["history", "ADExport", "--format", "json"])
        #expect(history.stdout.contains("\"at\": \"2026-11-01T08:00:00Z\""), "\(history.stdout)")
    }

    /// The reverse: the older import read no agent settings (no appsettings.agent.json in its
    /// folder) and the newer one did. Its settings are not added and the findings in them are not
    /// new: the older import did not read them, so nothing can be compared.
    @Test func anOlderImportWithoutAgentSettingsAddsNone() throws {
        let sandbox = try Sandbox()
        let demo = try sandbox.copyDemo()
        let settings = demo.appendingPathComponent("Runtime/appsettings.agent.json")
        let aside = sandbox.folder.appendingPathComponent("appsettings.agent.json")
        try FileManager.default.moveItem(at: settings, to: aside)
        #expect(try sandbox.run(["import", "demo", "--at", "2026-11-01T08:00:00Z", "--quiet"]).status == 0)
        try FileManager.default.moveItem(at: aside, to: settings)
        #expect(try sandbox.run(["import", "demo", "--at", "2026-11-02T08:00:00Z", "--quiet"]).status == 0)

        let review = try sandbox.run(["changes"])
        #expect(review.status == 0, "\(review.stderr)")
        #expect(!review.stdout.contains("  settings  +"), "\(review.stdout)")
        #expect(!review.stdout.contains("  breaks "), "\(review.stdout)")
        #expect(
            review.stdout.contains("\nHRFeed\n  unread    3 settings of import 2: not compared, the agent settings were not read in import 1\n"),
            "\(review.stdout)")
        #expect(
            review.stdout.contains(
                "\nADExport\n  unread    8 settings (2 secrets) of import 2: not compared, the agent settings were not read in import 1\n"
                    + "  unread    demo/Runtime/appsettings.agent.json:28 plain-text-secret ADExport:Password: not checked before, the agent settings were not read in import 1\n"
            ), "\(review.stdout)")
        // Reading the agent settings answers the finding that said none was imported: that one is resolved.
        #expect(review.stdout.contains("\n  fixes     demo connection-settings-missing: no appsettings.agent.json was imported"), "\(review.stdout)")
        #expect(
            review.stdout.hasSuffix(
                "\n0 configuration changes, 0 setting changes (32 settings not read in import 1, not compared), 0 schema changes\n"
                    + "0 new findings, 1 resolved, 9 not checked before (their input was not read in import 1)\n"), "\(review.stdout)")

        let json = try JSONDecoder().decode(Changes.self, from: Data(try sandbox.run(["changes", "--format", "json"]).stdout.utf8))
        #expect(json.settings == [])
        #expect(json.findings.new == [])
        #expect(json.settings_not_read.count == 32)
        #expect(json.settings_not_read.allSatisfy { $0.not_read_in == 1 })
        #expect(
            json.settings_not_read.filter { $0.connection == "HRFeed" }
                == ["Path", "Encoding", "Separator"].map {
                    Setting(connection: "HRFeed", key: $0, secret: false, not_read_in: 1)
                })
        #expect(json.settings_not_read.filter(\.secret).count == 14)
        #expect(json.findings.not_checked_before.count == 9)
        #expect(
            json.findings.not_checked_before.first
                == Unchecked(
                    rule: "plain-text-secret", file: "Runtime/appsettings.agent.json", subject: "OpenId:OpenIdClients:Job", reason: "agent_settings_not_read"))
        #expect(json.findings.no_longer_checked == [])
    }

    /// `changes` between imports of different folders says so first, in the table and in JSON,
    /// names both folders and the import to compare with; two imports of one folder say nothing.
    @Test func changesBetweenDifferentFoldersSaysSoAndWhatToCompare() throws {
        struct DifferentFolders: Decodable, Equatable {
            let from_folder: String
            let to_folder: String
            let same_folder_import: Int?
            let message: String
        }
        struct Changes: Decodable { let different_folders: DifferentFolders? }
        let sandbox = try Sandbox()
        let demo = try sandbox.copyDemo().standardizedFileURL.path
        for (folder, at) in [("demo", "2026-11-01T08:00:00Z"), ("demo/Conf/HR", "2026-11-02T08:00:00Z"), ("demo", "2026-11-03T08:00:00Z")] {
            #expect(try sandbox.run(["import", folder, "--at", at, "--quiet"]).status == 0)
        }
        // Import 2 read the sub-folder, import 3 the whole demo: import 1 read the same folder as import 3.
        let review = try sandbox.run(["changes"])
        #expect(review.status == 0, "\(review.stderr)")
        #expect(
            review.stdout.hasPrefix(
                "Different folders: import 2 read demo/Conf/HR, import 3 read demo; what only one of them holds is listed as added or "
                    + "removed although it did not change. To see what changed, compare two imports of the same folder: "
                    + "`conncat changes --from 1 --to 3`.\n\nChanges from import 2 "),
            "\(review.stdout)")
        #expect(review.stdout.contains("\n103 configuration differences (different folders), "), "\(review.stdout)")
        let json = try JSONDecoder().decode(Changes.self, from: Data(try sandbox.run(["changes", "--format", "json"]).stdout.utf8))
        let differs = try #require(json.different_folders)
        #expect(differs.from_folder == demo + "/Conf/HR")
        #expect(differs.to_folder == demo)
        #expect(differs.same_folder_import == 1)
        #expect(differs.message.hasPrefix("Different folders: import 2 read \(demo)/Conf/HR, import 3 read \(demo); "), "\(differs.message)")
        #expect(differs.message.hasSuffix("compare two imports of the same folder: `conncat changes --from 1 --to 3`."), "\(differs.message)")
        // The comparison it advises: the same folder, no note, changes counted as changes.
        let same = try sandbox.run(["changes", "--from", "1", "--to", "3"])
        #expect(same.stdout.hasPrefix("Changes from import 1 (2026-11-01T08:00:00Z) to import 3 (2026-11-03T08:00:00Z)\n"), "\(same.stdout)")
        #expect(same.stdout.contains("No changes.\n"), "\(same.stdout)")
        let sameJSON = try JSONDecoder().decode(
            Changes.self, from: Data(try sandbox.run(["changes", "--from", "1", "--to", "3", "--format", "json"]).stdout.utf8))
        #expect(sameJSON.different_folders == nil)
        // On an 80-column terminal the note wraps under itself and keeps the command whole.
        let seen = try sandbox.runInTerminal(["changes"], columns: 80, environment: ["NO_COLOR": "1"])
        #expect(TerminalOutputTests.longestLine(seen.stdout) <= 80, "\(seen.stdout)")
        #expect(
            seen.stdout.hasPrefix(
                """
                Different folders: import 2 read demo/Conf/HR, import 3 read demo; what only
                  one of them holds is listed as added or removed although it did not change. To
                  see what changed, compare two imports of the same folder:
                  `conncat changes --from 1 --to 3`.

                Changes from import 2
                """), "\(seen.stdout)")
    }

    @Test func theWarningIsSaidWithQuietAndJSONToo() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.copyDemo()
        #expect(try sandbox.run(["import", "demo", "--at", "2026-11-01T08:00:00Z", "--quiet"]).status == 0)
        let quiet = try sandbox.run(["import", "demo/Conf/HR", "--at", "2026-11-02T08:00:00Z", "--quiet"])
        #expect(quiet.status == 0 && quiet.stdout.isEmpty)
        #expect(quiet.stderr == Self.warning)
        let json = try sandbox.run(["import", "demo", "--at", "2026-11-03T08:00:00Z", "--format", "json"])
        #expect(json.status == 0 && json.stderr.isEmpty, "\(json.stderr)")
        let jsonPart = try sandbox.run(["import", "demo/Conf/HR", "--at", "2026-11-04T08:00:00Z", "--format", "json"])
        #expect(jsonPart.status == 0)
        #expect(jsonPart.stderr == Self.warning.replacingOccurrences(of: "#1", with: "#3"))
    }

    /// A connection removed from the configuration folder imported before: the advice is to
    /// declare it again, and a long list is cut after five names.
    @Test func aLossInTheSameFolderAndALongList() throws {
        let sandbox = try Sandbox()
        let demo = try sandbox.copyDemo()
        #expect(try sandbox.run(["import", "demo", "--at", "2026-11-01T08:00:00Z"]).status == 0)
        let file = demo.appendingPathComponent("Conf/ServiceNow/ServiceNow Connector.xml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let element =
            "<Connection Identifier=\"SnowTicket\" DisplayName_L1=\"ServiceNow - provisioning tickets\" DisplayName_L2=\"ServiceNow - tickets de provisionnement\" Connector=\"ServiceNow\" Package=\"Usercube.SnowTicket@0000001\" />"
        #expect(text.contains(element))
        try text.replacingOccurrences(of: element, with: "").write(to: file, atomically: true, encoding: .utf8)
        let removed = try sandbox.run(["import", "demo", "--at", "2026-11-02T08:00:00Z"])
        #expect(removed.status == 0)
        #expect(removed.stdout.contains("  no longer declared: 1 of the 5 connections of import #1: SnowTicket\n"), "\(removed.stdout)")
        #expect(
            removed.stderr
                == "conncat: warning: 1 of the 5 connections of import #1 is no longer declared: SnowTicket; their schema history stays in the catalog; if this was a mistake, declare them again and import again (`conncat changes` lists what changed)\n",
            "\(removed.stderr)")
        #expect(DeclarationLossReport.bounded(["A", "B", "C", "D", "E", "F", "G"], limit: 5) == "A, B, C, D, E and 2 more")
        #expect(DeclarationLossReport.bounded(["A", "B"], limit: 5) == "A, B")
    }
}
