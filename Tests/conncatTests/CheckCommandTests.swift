import ConnectionCatalog
import Foundation
import Testing

/// `conncat check` on the demo and on the check fixtures (`Fixtures/check/valid`, `invalid`).
@Suite struct CheckCommandTests {
    static let fixtures = Sandbox.repositoryRoot.appendingPathComponent("Fixtures/check")
    static let valid = fixtures.appendingPathComponent("valid").path
    static let invalid = fixtures.appendingPathComponent("invalid").path

    struct Row: Decodable, Equatable {
        let rule, severity, file: String
        let line: Int?
        let subject, message: String
        var brief: String { "\(rule) \(severity) \(file):\(line.map(String.init) ?? "-")" }
    }

    func rows(_ result: RunResult) throws -> [Row] {
        try JSONDecoder().decode([Row].self, from: Data(result.stdout.utf8))
    }

    /// The invalid fixture as EXPECTED.md describes the run: imported at T1, then a schema refresh
    /// from `Later/ExportOutput` at T2.
    func checkedInvalid(_ arguments: [String] = ["--format", "json"]) throws -> RunResult {
        let sandbox = try Sandbox()
        // Exit code 2: recorded, but the fixture's planted broken exports fail their refresh.
        #expect(try sandbox.run(["import", Self.invalid, "--at", "2026-11-01T08:00:00Z"]).status == 2)
        #expect(try sandbox.run(["refresh-schema", "--export-dir", Self.invalid + "/Later/ExportOutput", "--at", "2026-11-15T08:00:00Z"]).status == 2)
        return try sandbox.run(["check"] + arguments)
    }

    @Test func theDemoHasExactlyTheOnePlantedErrorAndJustifiedWarnings() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["import", Sandbox.demo, "--at", "2026-11-29T08:00:00Z"]).status == 0)
        let result = try sandbox.run(["check", "--format", "json"])
        #expect(result.status == 1, "one error fails the default --fail-on error")
        // The reason for the exit code, on standard error whatever the format.
        #expect(
            result.stderr
                == "conncat: error: 1 finding at or above --fail-on error (1 error); fix them, or record the findings you accept with "
                + "--write-baseline FILE and check with --baseline FILE\n")
        let findings = try rows(result)
        #expect(
            findings.map(\.brief) == [
                "table-name-mismatch warning Conf/Directory/Directory Connector.xml:38",  // ADExport_Entries vs ADExport_entries.csv
                "column-missing error Conf/HR/HR Connector.xml:35",  // the planted mistake
            ] + [7, 8, 28, 44, 53, 55, 65, 67, 75].map { "plain-text-secret warning Runtime/appsettings.agent.json:\($0)" }  // the fake secrets
                + ["export-file-unattributed warning Temp/ExportOutput/LegacyPayroll.csv:-"])
        #expect(findings[1].subject == "HR_Person:CostCenter")
        #expect(findings[1].message.hasPrefix("ConnectionColumn 'cost_center' of EntityTypeMapping HR_Person is not a column of table HRFeed"))
        #expect(try sandbox.run(["check", "--fail-on", "never"]).status == 0)
        #expect(try sandbox.run(["check", "--fail-on", "warning"]).status == 1)
    }

    @Test func aFindingWhoseMessageStatesTheValueToWriteCarriesItAsSuggestion() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["import", Sandbox.demo, "--at", "2026-11-29T08:00:00Z"]).status == 0)
        let lines = try sandbox.run(["check", "--format", "json", "--rule", "table-name-mismatch"]).stdout
            .split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "[",
                #"  {"rule": "table-name-mismatch", "severity": "warning", "file": "Conf/Directory/Directory Connector.xml", "line": 38, "subject": "AD_Entry", "message": "EntityTypeMapping AD_Entry reads ConnectionTable 'ADExport_Entries', which matches the export table 'ADExport_entries' of Connection ADExport only when case is ignored; write ConnectionTable=\"ADExport_entries\"", "suggestion": "ADExport_entries"}"#,
                "]",
            ])
        // The invalid fixture's other rules that state the value to write: exact suggestions.
        let invalid = try JSONSerialization.jsonObject(with: Data(try checkedInvalid().stdout.utf8)) as! [[String: Any]]
        let suggested = Dictionary(
            invalid.compactMap { row in (row["suggestion"] as? String).map { ("\(row["rule"]!) \(row["subject"]!)", $0) } },
            uniquingKeysWith: { first, _ in first })
        #expect(suggested["connection-package HRFeed"] == "Usercube.CSV@0000001")
        #expect(suggested["column-name-case HR_Person:Email"] == "email")
        #expect(suggested["reference-case hrfeed"] == "HRFeed")
        #expect(suggested["table-name-mismatch HR_Person"] == "HRFeed.csv")
    }

    @Test func theValidFixtureHasNoFinding() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["import", Self.valid]).status == 0)
        let table = try sandbox.run(["check", "--fail-on", "warning"])
        #expect(table.status == 0, "\(table.stdout)")
        #expect(table.stdout == "No findings (0 errors, 0 warnings, 0 infos).\n")
        #expect(try sandbox.run(["check", "--format", "json"]).stdout == "[]\n")
    }

    @Test func theInvalidFixtureReportsEveryPlantedMistakeAndNothingElse() throws {
        let result = try checkedInvalid()
        #expect(result.status == 1)
        let findings = try rows(result)
        let planted = try Self.plantedLines()
        let found = Set(findings.map { "\($0.rule) \($0.file):\($0.line.map(String.init) ?? "-")" })
        for marker in planted {
            #expect(found.contains(marker), "planted but not reported: \(marker)")
        }
        // Export files hold no comment to mark a plant: their findings are listed here.
        for finding in findings where !["export-file-unattributed", "export-file-warning"].contains(finding.rule) {
            #expect(
                planted.contains("\(finding.rule) \(finding.file):\(finding.line.map(String.init) ?? "-")"),
                "reported but not planted: \(finding.brief)")
        }
        #expect(
            findings.filter { $0.rule == "export-file-unattributed" }.map(\.brief)
                == ["export-file-unattributed warning Later/ExportOutput/Legacy.csv:-"])
        #expect(
            findings.filter { $0.rule == "export-file-warning" }.map(\.brief)
                == ["export-file-warning warning Later/ExportOutput/Tickets_queue.csv:1"])
        // Every rule that can produce a finding has one here.
        let producing = ConfigurationCheck.rules.map(\.id)
        #expect(Set(findings.map(\.rule)) == Set(producing))
        try assertGolden(result.stdout.replacingOccurrences(of: Self.invalid, with: "Fixtures/check/invalid"), "check-invalid.json")
    }

    @Test func failOnSetsTheExitCode() throws {
        #expect(try checkedInvalid(["--fail-on", "never"]).status == 0)
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["import", Self.valid]).status == 0)
        for level in ["error", "warning", "never"] {
            #expect(try sandbox.run(["check", "--fail-on", level]).status == 0)
        }
    }

    @Test func sarifLocatesResultsInTheImportedFolder() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["import", Sandbox.demo]).status == 0)
        let result = try sandbox.run(["check", "--format", "sarif", "--fail-on", "never"])
        #expect(result.status == 0)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        #expect(log["$schema"] as? String == "https://json.schemastore.org/sarif-2.1.0.json")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "conncat")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == ConfigurationCheck.rules.map(\.id))
        #expect(rules.allSatisfy { ($0["helpUri"] as? String)?.hasPrefix("https://github.com/netwrix/docs/blob/main/docs/identitymanager/6.1/") == true })
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.map { $0["level"] as? String } == ["warning", "error"] + Array(repeating: "warning", count: 10))
        let error = results[1]
        #expect(error["ruleId"] as? String == "column-missing")
        #expect(rules[error["ruleIndex"] as? Int ?? -1]["id"] as? String == "column-missing")
        // The message a code-scanning tool shows says what to do, as the table and JSON do.
        let json = try JSONSerialization.jsonObject(with: Data(try sandbox.run(["check", "--format", "json", "--fail-on", "never"]).stdout.utf8))
        let messages = try #require(json as? [[String: Any]]).map { $0["message"] as? String }
        #expect(results.map { ($0["message"] as? [String: Any])?["text"] as? String } == messages)
        let text = try #require((error["message"] as? [String: Any])?["text"] as? String)
        #expect(text.hasSuffix(": fix the source (file header, query) or the mapping"), "\(text)")
        #expect(
            ((results[0]["message"] as? [String: Any])?["text"] as? String)?.hasSuffix("; write ConnectionTable=\"ADExport_entries\"") == true)
        let help = try #require((rules[error["ruleIndex"] as? Int ?? -1]["help"] as? [String: Any])?["text"] as? String)
        #expect(help.hasPrefix(try #require(ConfigurationCheck.rules.first { $0.id == "column-missing" }).summary))
        #expect(help.hasSuffix(" Documentation: \(rules[error["ruleIndex"] as? Int ?? -1]["helpUri"] as? String ?? "-")"))
        let location = try #require(((error["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])
        let artifact = try #require(location["artifactLocation"] as? [String: Any])
        #expect(artifact["uri"] as? String == "Conf/HR/HR%20Connector.xml")
        #expect(artifact["uriBaseId"] as? String == "SRCROOT")
        #expect((location["region"] as? [String: Any])?["startLine"] as? Int == 35)
        let file = try #require(((results[11]["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])
        #expect(file["region"] == nil, "a file-level finding has no region")
    }

    @Test func theRuleReferenceIsGeneratedFromTheRules() throws {
        let sandbox = try Sandbox()
        let markdown = try sandbox.run(["check", "--list-rules", "--format", "markdown"])
        #expect(markdown.status == 0)
        try assertGolden(markdown.stdout, file: "docs/CHECK-RULES.md")  // the reference is this output
        for rule in ConfigurationCheck.rules { #expect(markdown.stdout.contains("| `\(rule.id)` |")) }

        let json = try sandbox.run(["check", "--list-rules", "--format", "json"])
        struct RuleRow: Decodable {
            let rule, severity, theme, checks: String
            let sources: [String]
            let enforced_by_import: Bool
        }
        let rows = try JSONDecoder().decode([RuleRow].self, from: Data(json.stdout.utf8))
        #expect(rows.map(\.rule) == ConfigurationCheck.rules.map(\.id))
        #expect(rows.first { $0.rule == "identifier-unique" }?.enforced_by_import == true)
        let table = try sandbox.run(["check", "--list-rules"])
        #expect(table.stdout.hasPrefix("rule "))
        #expect(table.stdout.contains("column-missing"))
    }

    @Test func usageAndCatalogErrors() throws {
        let sandbox = try Sandbox()
        let empty = try sandbox.run(["check"])
        #expect(empty.status == 1)
        #expect(empty.stdout == "")
        #expect(
            empty.stderr == "conncat.sqlite: error: no catalog here; run `conncat import PATH` first, or name the catalog with --database or CONNCAT_DATABASE\n"
        )
        #expect(!FileManager.default.fileExists(atPath: sandbox.database), "only import creates a catalog")
        let sarifRules = try sandbox.run(["check", "--list-rules", "--format", "sarif"])
        #expect(sarifRules.status == 64)
        #expect(sarifRules.stderr.contains("--format sarif reports findings"))
        #expect(try sandbox.run(["check", "--format", "markdown"]).status == 64)
        #expect(try sandbox.run(["check", "--fail-on", "info"]).status == 64)
    }

    @Test func aDuplicateIdentifierStopsTheImportAtTheLaterDeclaration() throws {
        let sandbox = try Sandbox()
        let copy = sandbox.folder.appendingPathComponent("valid")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: Self.valid), to: copy)
        let file = copy.appendingPathComponent("Conf/HR/HR Connector.xml")
        var lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        lines.insert(#"  <Connection Identifier="hrfeed" DisplayName_L1="Duplicate" Connector="HR" Package="Usercube.CSV@0000001" />"#, at: 4)
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let result = try sandbox.run(["import", copy.path])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "valid/Conf/HR/HR Connector.xml:5: error: Connection 'hrfeed' is declared twice (first at valid/Conf/HR/HR Connector.xml:4); identifiers are compared case-insensitively; rename or remove one of the two declarations\n"
        )
        // From inside the folder, both files open from there; from elsewhere, they are absolute.
        let inside = try sandbox.run(["import", ".", "--database", "../inside.sqlite"], workingDirectory: copy)
        #expect(
            inside.stderr.hasPrefix(
                "Conf/HR/HR Connector.xml:5: error: Connection 'hrfeed' is declared twice (first at Conf/HR/HR Connector.xml:4); "),
            "\(inside.stderr)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.database), "nothing was stored, not even an empty catalog")
    }

    /// `rule file:line` for each `PLANTED rule` marker of the invalid fixture: the marker is a
    /// comment, the planted line is the next line that is not a comment.
    static func plantedLines() throws -> Set<String> {
        var result: Set<String> = []
        let root = URL(fileURLWithPath: invalid)
        let files =
            FileManager.default.enumerator(atPath: invalid)?.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".xml") || $0.hasSuffix(".json") } ?? []
        for path in files {
            let lines = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8).components(separatedBy: "\n")
            for (index, line) in lines.enumerated() {
                guard let range = line.range(of: "PLANTED ") else { continue }
                let rule = line[range.upperBound...].prefix { $0 != ":" && $0 != " " }
                var target = index + 1
                while target < lines.count,
                    lines[target].trimmingCharacters(in: .whitespaces).hasPrefix("<!--")
                        || lines[target].trimmingCharacters(in: .whitespaces).hasPrefix("//")
                {
                    target += 1
                }
                result.insert("\(rule) \(path):\(target + 1)")
            }
        }
        return result
    }
}
