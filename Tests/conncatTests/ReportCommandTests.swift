import ConncatReport
import ConnectionCatalog
import Foundation
import Testing

/// `conncat report`: the demo with a few weeks of history, read back with libxml2's HTML parser.
@Suite struct ReportCommandTests {
    /// The demo imported on 2026-11-02, the HR export's "job title" renamed to "position" on
    /// 2026-11-09, and the Finance export empty on 2026-11-16 and 2026-11-23 (as
    /// `scripts/demo-report.sh` builds it).
    static func demoWithHistory(_ sandbox: Sandbox) throws -> URL {
        #expect(try sandbox.run(["import", Sandbox.demo, "--at", "2026-11-02T08:00:00Z"]).status == 0)
        let exports = sandbox.folder.appendingPathComponent("exports")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: Sandbox.demo + "/Temp/ExportOutput"), to: exports)
        let hr = exports.appendingPathComponent("HRFeed.csv")
        let text = try String(contentsOf: hr, encoding: .utf8)
        try text.replacingOccurrences(of: "\"job title\"", with: "position").write(to: hr, atomically: true, encoding: .utf8)
        #expect(try sandbox.run(["refresh-schema", "--export-dir", exports.path, "--at", "2026-11-09T08:00:00Z"]).status == 0)
        try Data().write(to: exports.appendingPathComponent("FinanceDb.csv"))
        for at in ["2026-11-16T08:00:00Z", "2026-11-23T08:00:00Z"] {
            #expect(try sandbox.run(["refresh-schema", "--export-dir", exports.path, "--at", at]).status == 2)
        }
        return exports
    }

    func report(_ sandbox: Sandbox, _ arguments: [String] = []) throws -> (String, HTMLElement) {
        let result = try sandbox.run(["report", "--output", "report.html"] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "")
        let html = try String(contentsOfFile: sandbox.folder.appendingPathComponent("report.html").path, encoding: .utf8)
        let document = try #require(HTMLElement.parse(html))
        return (html, document)
    }

    /// The overview row of each connection: identifier → (status badge, failed since).
    func overview(_ document: HTMLElement) throws -> [String: (badge: String, failedSince: String, declaredAt: String)] {
        let section = try #require(document.element(id: "overview"))
        var rows: [String: (String, String, String)] = [:]
        for row in section.elements("tbody").flatMap({ $0.elements("tr") }) {
            let cells = row.elements("td")
            guard cells.count == 7, let id = cells[0].elements("strong").first?.textContent else { continue }
            rows[id] = (cells[3].elements("span", class: "badge").first?.textContent ?? "", cells[5].textContent, cells[6].textContent)
        }
        return rows
    }

    @Test func theDemoReportShowsEveryConnectionWithItsBadgeColumnsFindingsAndChanges() throws {
        let sandbox = try Sandbox()
        _ = try Self.demoWithHistory(sandbox)
        let (html, document) = try report(sandbox)

        // Overview: every connection, the right badge, failed attempts since the last success.
        let rows = try overview(document)
        #expect(rows.keys.sorted() == ["ADExport", "FinanceDb", "HRFeed", "SnowCmdb", "SnowTicket"])
        #expect(
            rows.mapValues(\.badge) == [
                "ADExport": "success", "FinanceDb": "failed", "HRFeed": "success",
                "SnowCmdb": "success", "SnowTicket": "no schema",
            ])
        #expect(rows["FinanceDb"]?.failedSince == "2")
        #expect(rows["ADExport"]?.failedSince == "0")
        #expect(rows["HRFeed"]?.declaredAt == "Conf/HR/HR Connector.xml:11")
        let badgeClasses = try #require(document.element(id: "overview")).elements("span", class: "badge").flatMap(\.classes)
        #expect(badgeClasses.contains("status-failed") && badgeClasses.contains("status-no_schema"))

        // Timeline: one strip per connection, one mark per attempt, hover titles with date and outcome.
        let timeline = try #require(document.element(id: "timeline"))
        let strips = timeline.elements("svg").filter { $0.attributes["role"] == "img" }
        #expect(strips.count == 5)
        let marks = strips.map { $0.elements("g", class: "attempt") }
        #expect(marks.map(\.count) == [4, 4, 4, 4, 4])
        let titles = marks.flatMap { $0 }.map { $0.elements("title").first?.textContent ?? "" }
        #expect(
            titles.contains {
                $0.hasPrefix("2026-11-09T08:00:00Z · success: 1 table, 8 columns · changed: 1 column added (position); 1 column removed (job title)")
            })
        #expect(titles.contains { $0.hasPrefix("2026-11-02T08:00:00Z · success: 2 tables, 19 columns · first snapshot") })
        #expect(titles.contains { $0.hasPrefix("2026-11-23T08:00:00Z · failed · ") && $0.contains("FinanceDb.csv") })
        #expect(titles.contains { $0.hasPrefix("2026-11-16T08:00:00Z · no schema") })
        let failures = timeline.elements("li", class: "failed").map(\.textContent)
        #expect(failures.count == 2 && failures.allSatisfy { $0.contains("FinanceDb.csv") })
        #expect(failures.first?.hasPrefix("2026-11-23T08:00:00Z: ") == true, "latest failure first")

        // What can be mapped: mapped columns with their mappings, the unmapped ones marked, technical apart.
        let columns = try #require(document.element(id: "columns"))
        var mappedBy: [String: String] = [:]
        var unmapped: [String] = []
        for row in columns.elements("tr") {
            let cells = row.elements("td")
            guard cells.count == 3 else { continue }
            let name = cells[1].textContent
            mappedBy[name] = cells[2].textContent
            if row.classes.contains("unmapped") { unmapped.append(name) }
        }
        #expect(mappedBy["employee_id"] == "HR_Person:EmployeeId, HR_Person_Manager")
        #expect(mappedBy["objectGUID"] == "AD_Entry:objectGuid")
        #expect(mappedBy["position"] == "unmapped")
        #expect(unmapped.sorted() == ["active", "created_on", "position", "sys_id", "title"])
        #expect(mappedBy["command"] == nil, "the technical column is not a row")
        #expect(columns.elements("p", class: "technical").map(\.textContent).contains("Technical, not data to map: command (position 1)"))
        // FinanceDb's latest attempt failed: its table comes from the earlier success, marked stale.
        #expect(columns.elements("span", class: "stale").map(\.textContent) == [" stale: from the refresh of 2026-11-09T08:00:00Z; the latest attempt failed"])

        // Findings: grouped by severity, each with its location and its rule's documentation.
        let findings = try #require(document.element(id: "findings"))
        #expect(findings.elements("h3").map(\.textContent).first == "Errors (2)")
        let errors = findings.elements("div", class: "sev-error")
        #expect(
            errors.map { $0.elements("code", class: "where").first?.textContent ?? "" }
                == ["Conf/HR/HR Connector.xml:32", "Conf/HR/HR Connector.xml:35"])
        let link = try #require(errors.first?.elements("a").first)
        #expect(link.textContent == "column-missing")
        #expect(link.attributes["href"] == ConfigurationCheck.rule("column-missing")?.helpURI)
        let check = try sandbox.run(["check", "--format", "json"])
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [Any])
        #expect(findings.elements("div", class: "finding").count == expected.count)

        // Recent changes: HRFeed's rename.
        let changes = try #require(document.element(id: "changes"))
        #expect(changes.elements("h3").map(\.textContent) == ["HRFeed schema, 2026-11-02T08:00:00Z → 2026-11-09T08:00:00Z"])
        #expect(
            changes.elements("li").map(\.textContent) == [
                "column removed: job title from HRFeed (position 8), perhaps renamed to position",
                "column added: position in HRFeed (position 8)",
            ])

        // Self-contained: no script, no external asset, links only to sections and rule documentation.
        let elements = document.all.filter { $0.name != "#text" }
        #expect(!elements.contains { ["script", "link", "img", "iframe", "object", "embed"].contains($0.name) })
        #expect(!elements.contains { $0.attributes.keys.contains { $0.hasPrefix("on") || $0 == "src" || $0 == "style" } })
        let hrefs = elements.compactMap { $0.attributes["href"] }
        #expect(hrefs.allSatisfy { $0.hasPrefix("#") || $0.hasPrefix("https://github.com/netwrix/docs/blob/main/docs/identitymanager/") })
        #expect(!html.contains("url("), "no external resource in the stylesheet either")
        #expect(!html.contains("@import"))

        // Never a secret value.
        for secret in SecretTests.fakeSecrets { #expect(!html.contains(secret)) }
        #expect(!html.contains("FAKE-SECRET"))
    }

    @Test func onlyTheNamedConnections() throws {
        let sandbox = try Sandbox()
        _ = try Self.demoWithHistory(sandbox)
        let (_, document) = try report(sandbox, ["--connection", "hrfeed", "--connection", "FinanceDb"])
        #expect(try overview(document).keys.sorted() == ["FinanceDb", "HRFeed"])
        let findings = try #require(document.element(id: "findings")).elements("code", class: "where").map(\.textContent)
        #expect(findings.contains("Conf/HR/HR Connector.xml:35"))
        #expect(!findings.contains { $0.hasPrefix("Conf/Directory/") })

        let unknown = try sandbox.run(["report", "--output", "other.html", "--connection", "Nope"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("Nope"))
        #expect(!FileManager.default.fileExists(atPath: sandbox.folder.appendingPathComponent("other.html").path))
    }

    /// A failure followed seconds later by a success shares its spot on an axis of weeks: the
    /// failure is painted last, on top. Paths and package names wrap at their separators.
    @Test func aFailureIsNeverHiddenUnderALaterSuccessAndPathsWrapAtSeparators() throws {
        let sandbox = try Sandbox()
        let exports = try Self.demoWithHistory(sandbox)
        let finance = exports.appendingPathComponent("FinanceDb.csv")
        try FileManager.default.removeItem(at: finance)
        try FileManager.default.copyItem(atPath: Sandbox.demo + "/Temp/ExportOutput/FinanceDb.csv", toPath: finance.path)
        #expect(try sandbox.run(["refresh-schema", "--export-dir", exports.path, "--at", "2026-11-23T08:00:05Z"]).status == 0)
        let (html, document) = try report(sandbox)

        let timeline = try #require(document.element(id: "timeline"))
        let strips = timeline.elements("svg").filter { $0.attributes["role"] == "img" }
        let strip = try #require(strips.first { $0.attributes["aria-label"]?.hasSuffix(" FinanceDb") == true })
        let painted = strip.elements("g", class: "attempt").map { $0.elements("title").first?.textContent ?? "" }
        #expect(painted.count == 5)
        #expect(painted.suffix(2).allSatisfy { $0.contains(" · failed") }, "failures painted last: \(painted)")
        #expect(painted.first?.hasPrefix("2026-11-02T08:00:00Z · success") == true)

        #expect(html.contains("<code>Conf/<wbr>HR/<wbr>HR Connector.<wbr>xml:<wbr>11</code>"))
        #expect(try overview(document)["HRFeed"]?.declaredAt == "Conf/HR/HR Connector.xml:11")
    }

    /// After a second import, "Recent changes" tells what the configuration changed, and a
    /// changed secret only as changed.
    @Test func recentChangesShowTheConfigurationChangesOfTheLatestImports() throws {
        let sandbox = try Sandbox()
        let demo = try sandbox.copyDemo()
        #expect(try sandbox.run(["import", demo.path, "--at", "2026-11-02T08:00:00Z"]).status == 0)
        let (_, single) = try report(sandbox)
        #expect(!(try #require(single.element(id: "changes"))).textContent.contains("Configuration, import"))

        let hr = demo.appendingPathComponent("Conf/HR/HR Connector.xml")
        let xml = try String(contentsOf: hr, encoding: .utf8)
        try xml.replacingOccurrences(of: "ConnectionColumn=\"first_name\"", with: "ConnectionColumn=\"given_name\"")
            .write(to: hr, atomically: true, encoding: .utf8)
        #expect(try sandbox.run(["import", demo.path, "--at", "2026-11-03T08:00:00Z"]).status == 0)
        let (html, document) = try report(sandbox)
        let section = try #require(document.element(id: "changes")).textContent
        #expect(section.contains("Configuration, import #1 (2026-11-02T08:00:00Z) → import #2 (2026-11-03T08:00:00Z)"), "\(section)")
        #expect(section.contains("modified EntityTypeMapping/Property HR_Person:FirstName: ConnectionColumn first_name → given_name"), "\(section)")
        #expect(section.contains("new finding: column-missing HR_Person:FirstName"), "\(section)")
        #expect(!html.contains("FAKE-SECRET"))
    }

    /// An import that read no agent settings removes none: the report says they were not read.
    @Test func recentChangesSayWhenTheAgentSettingsWereNotRead() throws {
        let sandbox = try Sandbox()
        let demo = try sandbox.copyDemo()
        #expect(try sandbox.run(["import", demo.path, "--at", "2026-11-02T08:00:00Z"]).status == 0)
        #expect(try sandbox.run(["import", demo.appendingPathComponent("Conf").path, "--at", "2026-11-03T08:00:00Z"]).status == 0)
        let (_, document) = try report(sandbox)
        let section = try #require(document.element(id: "changes")).textContent
        #expect(section.contains("agent settings not read in import #2: 32 settings of import #1 not compared (not removed)"), "\(section)")
        #expect(!section.contains(" removed (secret"), "\(section)")
        #expect(!section.contains("did not change between these imports"), "\(section)")
    }

    /// The reverse: an older import that read no agent settings adds none, and the findings in
    /// them are not new: the report says the older import did not read them.
    @Test func recentChangesSayWhenTheOlderImportReadNoAgentSettings() throws {
        let sandbox = try Sandbox()
        let demo = try sandbox.copyDemo()
        #expect(try sandbox.run(["import", demo.appendingPathComponent("Conf").path, "--at", "2026-11-02T08:00:00Z"]).status == 0)
        #expect(try sandbox.run(["import", demo.path, "--at", "2026-11-03T08:00:00Z"]).status == 0)
        let (_, document) = try report(sandbox)
        let section = try #require(document.element(id: "changes")).textContent
        #expect(section.contains("agent settings not read in import #1: 32 settings of import #2 not compared (not added)"), "\(section)")
        #expect(section.contains("9 findings not checked before, not new: import #1 read no agent settings"), "\(section)")
        #expect(!section.contains(" added (secret"), "\(section)")
        #expect(!section.contains("new finding: plain-text-secret"), "\(section)")
    }

    @Test func aMissingFolderOrCatalogIsOneLine() throws {
        let sandbox = try Sandbox()
        let none = try sandbox.run(["report", "--output", "report.html"])
        #expect(none.status == 1)
        #expect(none.stderr.split(separator: "\n").count == 1)
        #expect(try sandbox.run(["import", Sandbox.demo]).status == 0)
        let folder = try sandbox.run(["report", "--output", "missing/report.html"])
        #expect(folder.status == 1)
        #expect(folder.stderr == "missing/report.html: error: cannot write the report (folder missing does not exist); choose another --output\n")
    }

    /// Hostile text from the inputs: column names with markup, quotes and control characters, a
    /// display name with a script element.
    @Test func hostileValuesComeOutEscaped() throws {
        let sandbox = try Sandbox()
        let demo = try sandbox.copyDemo()
        let xml = demo.appendingPathComponent("Conf/HR/HR Connector.xml")
        let configuration = try String(contentsOf: xml, encoding: .utf8)
        let hostileName = #"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;lt;b&amp;gt; it&apos;s"#
        let replaced = try #require(configuration.range(of: #"DisplayName_L1="HR - daily CSV feed""#))
        try configuration.replacingCharacters(in: replaced, with: "DisplayName_L1=\"\(hostileName)\"")
            .write(to: xml, atomically: true, encoding: .utf8)
        #expect(try sandbox.run(["import", demo.path, "--at", "2026-11-02T08:00:00Z"]).status == 0)
        let hr = demo.appendingPathComponent("Temp/ExportOutput/HRFeed.csv")
        let csv = try String(contentsOf: hr, encoding: .utf8)
        let hostileColumns = ["<script>alert(1)</script>", "a\"b'c", "\u{1B}[31mred\u{7}", "</svg><img src=x>", "\u{202E}evil"]
        let header = hostileColumns.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ";")
        try csv.replacingOccurrences(of: "\"job title\"", with: "\"job title\";" + header).write(to: hr, atomically: true, encoding: .utf8)
        #expect(try sandbox.run(["refresh-schema", "--export-dir", demo.path + "/Temp/ExportOutput", "--at", "2026-11-09T08:00:00Z"]).status == 0)

        let (html, document) = try report(sandbox)
        #expect(html.range(of: "<script", options: .caseInsensitive) == nil)
        #expect(html.range(of: "<img", options: .caseInsensitive) == nil)
        #expect(!html.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || $0 == "\u{202E}" })
        #expect(!document.all.contains { ["script", "img"].contains($0.name) })
        // The values read back as text, exactly as written (control characters made visible).
        let text = document.textContent
        #expect(text.contains("<script>alert(\"x\")</script> &lt;b&gt; it's"))
        #expect(text.contains("<script>alert(1)</script>"))
        #expect(text.contains("a\"b'c"))
        #expect(text.contains("\u{241B}[31mred\u{2407}"))
        #expect(text.contains("</svg><img src=x>"))
        #expect(text.contains("\\u{202E}evil"))
        // Inside the SVG hover titles too.
        let titles = document.elements("title").map(\.textContent)
        #expect(titles.contains { $0.contains("<script>alert(1)</script>, a\"b'c, \u{241B}[31mred\u{2407}, </svg><img src=x>, …") })
    }

    /// Every field of the report, hostile, rendered in process: markup never escapes its text.
    @Test func everyFieldIsEscaped() throws {
        let evil = "<evil onclick=\"x\">'&amp;\u{1}"
        let attempt = CatalogReport.Attempt(
            refreshID: 1, at: "2026-11-02T08:00:00Z", status: evil, error: evil,
            tableCount: 1, columnCount: 1, changed: true,
            changes: [SchemaChange(.columnAdded, table: evil, column: evil, position: 1)])
        let table = CatalogReport.Table(
            name: evil, snapshotAt: evil, stale: true, mapped: false,
            columns: [
                .init(name: evil, position: 1, technical: false, mappedBy: [evil]),
                .init(name: evil, position: 2, technical: true, mappedBy: []),
            ])
        let connection = CatalogReport.Connection(
            identifier: evil, displayName: evil, connector: evil, package: evil, status: evil, lastRefreshAt: evil,
            lastSuccessAt: evil, failedAttemptsSinceSuccess: 1, location: SourceLocation(file: evil, line: 3),
            attempts: [attempt], omittedAttempts: 0, tables: [table])
        let finding = Finding(
            rule: evil, severity: .error, location: SourceLocation(file: evil, line: 1, jsonPath: evil),
            subject: evil, message: evil)
        let report = CatalogReport(
            catalogPath: evil, generatedAt: evil,
            latestImport: ImportRecord(
                importedAt: evil, sourceFolder: evil, configurationFolder: evil, agentSettingsFile: evil,
                exportFolder: evil, xmlFileCount: 1, elementCount: 1, contentHash: evil, changed: true),
            importCount: 1, isSelection: true, connections: [connection],
            findings: [ReportFinding(finding: finding, documentation: "https://example.test/\"onmouseover=\"alert(1)")],
            recentChanges: [ReportChange(kind: .schema, connection: evil, at: evil, since: evil, changes: attempt.changes)],
            omittedChanges: 0)
        let html = ReportPage.render(report, generator: evil)
        let document = try #require(HTMLElement.parse(html))
        #expect(document.elements("evil").isEmpty, "no element from input")
        #expect(!document.all.contains { $0.attributes.keys.contains { $0.hasPrefix("on") } })
        #expect(document.elements("a").compactMap { $0.attributes["href"] }.contains("https://example.test/\"onmouseover=\"alert(1)"))
        #expect(document.elements("span", class: "badge").allSatisfy { $0.classes.allSatisfy { !$0.contains("<") } })
        let shown = "<evil onclick=\"x\">'&amp;\u{2401}"
        #expect(document.element(id: "overview")?.elements("strong").first?.textContent == shown)
        #expect(document.elements("title").contains { $0.textContent.contains(shown) })
        #expect(!html.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }
}
