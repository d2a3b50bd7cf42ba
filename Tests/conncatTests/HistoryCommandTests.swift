import Foundation
import GRDB
import Testing

/// Exports refreshed at several dates, through the CLI: history, diff, audit and --as-of.
@Suite struct HistoryCommandTests {
    let sandbox: Sandbox
    let exports: URL

    init() throws {
        sandbox = try Sandbox()
        let conf = sandbox.folder.appendingPathComponent("work/Conf")
        exports = sandbox.folder.appendingPathComponent("exports")
        try FileManager.default.createDirectory(at: conf, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: exports, withIntermediateDirectories: true)
        try """
        <?xml version="1.0" encoding="utf-8"?>
        <ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">
          <Connector Identifier="HR" DisplayName_L1="HR" />
          <Connection Identifier="HRFiles" DisplayName_L1="HR files" Connector="HR" Package="Usercube.CSV@0000001" />
          <Connection Identifier="Dir" DisplayName_L1="Directory" Connector="HR" Package="Usercube.AD@0000001" />
          <EntityTypeMapping Identifier="HR_Person" Connector="HR" ConnectionTable="HRFiles">
            <Property Identifier="Id" ConnectionColumn="id" IsPrimaryKey="true" />
          </EntityTypeMapping>
        </ConfigurationFile>
        """.write(to: conf.appendingPathComponent("hr.xml"), atomically: true, encoding: .utf8)
        // Imported before the refreshes of the scenario: a question as of an earlier time has no answer.
        #expect(try sandbox.run(["import", "work", "--at", "2026-10-31T06:00:00Z"]).status == 0)
    }

    func write(_ name: String, _ data: Data) throws { try data.write(to: exports.appendingPathComponent(name)) }
    func write(_ name: String, _ text: String) throws { try write(name, Data(text.utf8)) }
    func remove(_ name: String) throws { try FileManager.default.removeItem(at: exports.appendingPathComponent(name)) }

    /// Runs refresh-schema; exit code 2 says that some connection's refresh failed.
    func refresh(at: String) throws -> RunResult {
        let result = try sandbox.run(["refresh-schema", "--export-dir", exports.path, "--at", at])
        #expect(result.status == 0 || result.status == 2, "\(result.stderr)")
        #expect((result.status == 2) == result.stdout.contains(": FAILED ("), "exit code 2 exactly when a refresh failed")
        return result
    }

    func json<T: Decodable>(_ type: T.Type, _ arguments: [String]) throws -> T {
        let result = try sandbox.run(arguments + ["--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode(T.self, from: Data(result.stdout.utf8))
    }

    struct History: Decodable, Equatable {
        let refresh_id: Int
        let at: String
        let status: String
        let error: String?
        let table_count: Int?
        let column_count: Int?
        let changed: Bool?
    }
    struct Diff: Decodable {
        struct Side: Decodable {
            let refresh_id: Int
            let at: String
        }
        let connection: String
        let from: Side
        let to: Side
        let changes: [DiffChange]
        let unchanged_after: Int
        let latest: Side?
    }
    struct Audit: Decodable, Equatable {
        let connection: String
        let failed_at: String
        let error: String
        let last_success_at: String?
        let failed_attempts: Int
    }

    @Test func historyDiffAuditAndAsOfAcrossFourDates() throws {
        // Day 1: UTF-8, commas.
        try write("HRFiles.csv", "id,name,mail\n1,Alex Example,alex@example.test\n")
        try write("Dir_entries.csv", "command,dn,mail\n")
        try write("Dir_member.csv", "command,dn,member\n")
        _ = try refresh(at: "2026-11-01T06:00:00Z")
        // Day 2: same columns with a BOM and `;` (not a schema change); Dir_member gone (a removed table).
        try write("HRFiles.csv", Data([0xEF, 0xBB, 0xBF]) + Data("id;name;mail\r\n".utf8))
        try remove("Dir_member.csv")
        _ = try refresh(at: "2026-11-02T06:00:00Z")
        // Day 3: UTF-16LE with BOM, one column added; non-ASCII name round-trips.
        var utf16 = Data([0xFF, 0xFE])
        utf16.append("id,name,mail,téléphone\r\n".data(using: .utf16LittleEndian)!)
        try write("HRFiles.csv", utf16)
        _ = try refresh(at: "2026-11-03T06:00:00Z")
        // Day 4: a broken export.
        try write("HRFiles.csv", Data())
        let broken = try refresh(at: "2026-11-04T06:00:00Z")
        #expect(broken.stdout.contains("HRFiles: FAILED (empty_file): HRFiles.csv: file is empty"), "\(broken.stdout)")

        let history = try json([History].self, ["history", "hrfiles"])
        #expect(
            history.map(\.at) == ["2026-11-01T06:00:00Z", "2026-11-02T06:00:00Z", "2026-11-03T06:00:00Z", "2026-11-04T06:00:00Z"]
                || history.map(\.at).dropFirst() == ["2026-11-01T06:00:00Z", "2026-11-02T06:00:00Z", "2026-11-03T06:00:00Z", "2026-11-04T06:00:00Z"])
        let dated = history.filter { $0.at.hasPrefix("2026-11-0") }
        #expect(dated.map(\.status) == ["success", "success", "success", "failed"])
        // The first schema is no change, and a failed attempt has nothing to compare: null.
        #expect(dated.map(\.changed) == [nil, false, true, nil])
        #expect(dated.map(\.column_count) == [3, 3, 4, nil])
        #expect(dated.last?.error == "empty_file: HRFiles.csv: file is empty")

        // The failed day is never a side: the default diff compares day 2 and day 3.
        let diff = try json(Diff.self, ["diff", "HRFiles"])
        #expect(diff.from.at == "2026-11-02T06:00:00Z")
        #expect(diff.to.at == "2026-11-03T06:00:00Z")
        #expect(diff.changes == [.init(change: "column_added", table: "HRFiles", column: "téléphone", position: 4, renamed_to: nil)])
        // Without --from/--to, Dir's latest change is day 2's (the refreshes since found the same schema).
        let dirLatest = try json(Diff.self, ["diff", "Dir"])
        #expect(dirLatest.to.at == "2026-11-02T06:00:00Z")
        #expect(dirLatest.changes == [.init(change: "table_removed", table: "Dir_member", column: nil, position: nil, renamed_to: nil)])
        #expect(dirLatest.unchanged_after == 2, "days 3 and 4 found the same schema")
        #expect(dirLatest.latest?.at == "2026-11-04T06:00:00Z")
        let dirHistory = try json([History].self, ["history", "Dir"]).filter { $0.at.hasPrefix("2026-11-0") }
        let directory = try json(Diff.self, ["diff", "Dir", "--from", "\(dirHistory[0].refresh_id)", "--to", "\(dirHistory[1].refresh_id)"])
        #expect(directory.changes == [.init(change: "table_removed", table: "Dir_member", column: nil, position: nil, renamed_to: nil)])

        let audit = try json([Audit].self, ["audit"])
        #expect(
            audit == [
                Audit(
                    connection: "HRFiles", failed_at: "2026-11-04T06:00:00Z", error: "empty_file: HRFiles.csv: file is empty",
                    last_success_at: "2026-11-03T06:00:00Z", failed_attempts: 1)
            ])
        #expect(try json([Audit].self, ["audit", "--since", "2026-11-05"]).isEmpty)

        // The last good snapshot stays in force, marked stale; --as-of travels back.
        struct Column: Decodable { let column: String }
        #expect(try json([Column].self, ["columns", "--connection", "HRFiles"]).map(\.column) == ["id", "name", "mail", "téléphone"])
        #expect(try json([Column].self, ["columns", "--connection", "HRFiles", "--as-of", "2026-11-02T12:00:00Z"]).map(\.column) == ["id", "name", "mail"])
        #expect(try json([Column].self, ["columns", "--connection", "HRFiles", "--as-of", "2026-10-01"]).isEmpty)
        struct Table: Decodable, Equatable {
            let table: String
            let stale: Bool
            let snapshot_at: String
        }
        #expect(try json([Table].self, ["tables", "--connection", "HRFiles"]) == [Table(table: "HRFiles", stale: true, snapshot_at: "2026-11-03T06:00:00Z")])
        #expect(try json([Table].self, ["tables", "--connection", "Dir", "--as-of", "2026-11-01T12:00:00Z"]).map(\.table) == ["Dir_entries", "Dir_member"])
    }

    /// An export file renamed only in case is no schema change for `history`, `diff` and the
    /// report alike; `diff` without options shows the latest change and says what came since.
    @Test func aFileRenamedInCaseIsNoSchemaChangeAndDiffShowsTheLatestChange() throws {
        try write("Dir_entries.csv", "command,dn\n")
        try write("HRFiles.csv", "id,name\n")
        _ = try refresh(at: "2026-11-01T06:00:00Z")
        try write("HRFiles.csv", "id,name,mail\n")
        _ = try refresh(at: "2026-11-02T06:00:00Z")
        try remove("HRFiles.csv")
        try write("hrfiles.csv", "id,name,mail\n")
        _ = try refresh(at: "2026-11-03T06:00:00Z")
        _ = try refresh(at: "2026-11-04T06:00:00Z")
        let history = try json([History].self, ["history", "HRFiles"]).filter { $0.at.hasPrefix("2026-11-0") }
        #expect(history.map(\.at) == ["2026-11-01T06:00:00Z", "2026-11-02T06:00:00Z", "2026-11-03T06:00:00Z", "2026-11-04T06:00:00Z"])
        #expect(history.map(\.changed) == [nil, true, false, false], "the rename to hrfiles.csv changed no table or column")

        let diff = try json(Diff.self, ["diff", "HRFiles"])
        #expect(diff.from.at == "2026-11-01T06:00:00Z")
        #expect(diff.to.at == "2026-11-02T06:00:00Z")
        #expect(diff.changes == [.init(change: "column_added", table: "HRFiles", column: "mail", position: 3, renamed_to: nil)])
        #expect(diff.unchanged_after == 2)
        #expect(diff.latest?.refresh_id == history[3].refresh_id)
        let table = try sandbox.run(["diff", "HRFiles"])
        #expect(
            table.stdout.hasPrefix(
                "HRFiles: the latest schema change, refresh \(history[0].refresh_id) (2026-11-01T06:00:00Z) -> refresh \(history[1].refresh_id) "
                    + "(2026-11-02T06:00:00Z); the 2 successful refreshes since, up to refresh \(history[3].refresh_id) (2026-11-04T06:00:00Z), "
                    + "found the same schema\nchange"), "\(table.stdout)")
        // Explicit sides are as before: the case-only rename diffs to nothing.
        let renamed = try sandbox.run(["diff", "HRFiles", "--from", "\(history[1].refresh_id)", "--to", "\(history[2].refresh_id)"])
        #expect(
            renamed.stdout
                == "HRFiles: refresh \(history[1].refresh_id) (2026-11-02T06:00:00Z) -> refresh \(history[2].refresh_id) (2026-11-03T06:00:00Z)\nno changes\n")
        let renamedJSON = try json(Diff.self, ["diff", "HRFiles", "--to", "\(history[2].refresh_id)"])
        #expect(renamedJSON.changes.isEmpty && renamedJSON.unchanged_after == 0 && renamedJSON.latest == nil)
        // Dir never changed: its first and latest success, no change.
        #expect(try sandbox.run(["diff", "Dir"]).stdout.contains(": the schema never changed (the first and the latest successful refresh)\nno changes\n"))

        // The view people read with sqlite3 agrees.
        let changed = try DatabaseQueue(path: sandbox.database).read { db in
            try Int?.fetchAll(db, sql: "SELECT changed FROM refresh_attempts WHERE connection = 'HRFiles' AND at LIKE '2026-11-0%' ORDER BY refresh_id")
        }
        #expect(changed == [nil, 1, 0, 0])
        // The report: "first snapshot" for the first success only, the rename no change.
        let report = try sandbox.run(["report", "--output", "report.html", "--connection", "HRFiles"], environment: ["SOURCE_DATE_EPOCH": "1795000000"])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOf: sandbox.folder.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.components(separatedBy: "first snapshot").count - 1 == 1, "only the first success is the first snapshot")
        #expect(html.contains("2026-11-02T06:00:00Z · success: 1 table, 3 columns · changed: "))
        #expect(html.contains("2026-11-03T06:00:00Z · success: 1 table, 3 columns<") || html.contains("2026-11-03T06:00:00Z · success: 1 table, 3 columns\""))
    }

    /// An empty `audit` says exactly what it checked and points to the failures it left out.
    @Test func anEmptyAuditSaysWhatItCheckedAndWhatItLeftOut() throws {
        try write("Dir_entries.csv", "command,dn\n")
        try write("HRFiles.csv", "id,name\n")
        _ = try refresh(at: "2026-11-01T06:00:00Z")
        try write("HRFiles.csv", Data())
        _ = try refresh(at: "2026-11-02T06:00:00Z")
        _ = try refresh(at: "2026-11-03T06:00:00Z")
        try write("HRFiles.csv", "id,name\n")
        _ = try refresh(at: "2026-11-04T06:00:00Z")
        #expect(try json([Audit].self, ["audit"]).isEmpty)
        #expect(try json([Audit].self, ["audit", "--all", "--since", "2026-11-02T12:00:00Z"]).map(\.failed_at) == ["2026-11-03T06:00:00Z"])
        #expect(
            try sandbox.run(["audit"]).stdout
                == "No connection's latest schema refresh failed: the latest refresh of each of the 2 connections succeeded or has no schema. "
                + "Earlier, 2 attempts failed (HRFiles, the latest at 2026-11-03T06:00:00Z): `conncat audit --all` lists them.\n")
        #expect(
            try sandbox.run(["audit", "--since", "2026-11-02T12:00:00Z"]).stdout
                == "No connection's latest schema refresh failed at or after 2026-11-02T12:00:00Z: the latest refresh of each of the 2 connections "
                + "succeeded or has no schema. Earlier, 1 attempt at or after 2026-11-02T12:00:00Z failed (HRFiles, at 2026-11-03T06:00:00Z): "
                + "`conncat audit --all --since 2026-11-02T12:00:00Z` lists it.\n")
        #expect(
            try sandbox.run(["audit", "--all", "--since", "2026-11-03T12:00:00Z"]).stdout
                == "No schema refresh attempt failed at or after 2026-11-03T12:00:00Z; earlier, 2 attempts failed (HRFiles, the latest at "
                + "2026-11-03T06:00:00Z): `conncat audit --all` lists them.\n")
        // A latest failure before --since is named, never hidden behind "succeeded".
        try write("HRFiles.csv", Data())
        _ = try refresh(at: "2026-11-05T06:00:00Z")
        #expect(
            try sandbox.run(["audit", "--since", "2026-11-06"]).stdout
                == "No connection's latest schema refresh failed at or after 2026-11-06T00:00:00Z; the latest refresh of HRFiles failed before "
                + "2026-11-06T00:00:00Z (at 2026-11-05T06:00:00Z): `conncat audit` lists it.\n")
    }

    /// An empty answer is a sentence that says why and what to do, never a header alone.
    @Test func historyAndDiffWithoutASuccessSaySoInASentence() throws {
        let history = try sandbox.run(["history", "HRFiles"])
        #expect(history.status == 0)
        #expect(
            history.stdout
                == "No schema refresh of HRFiles is recorded yet; refresh it with `conncat refresh-schema --export-dir DIR --connection HRFiles` "
                + "(or import the working directory again).\n")
        #expect(try sandbox.run(["history", "HRFiles", "--format", "csv"]).stdout.hasPrefix("refresh_id,"), "CSV keeps its header")
        let never = try sandbox.run(["diff", "HRFiles"])
        #expect(never.status == 0)
        #expect(
            never.stdout
                == "HRFiles: nothing to compare yet: its schema was never refreshed; refresh it with "
                + "`conncat refresh-schema --export-dir DIR --connection HRFiles`, and again after the export changed.\n")
        try write("HRFiles.csv", "")
        #expect(try refresh(at: "2026-11-01T06:00:00Z").status == 2)
        let failed = try sandbox.run(["diff", "HRFiles"])
        #expect(
            failed.stdout
                == "HRFiles: nothing to compare yet: no schema refresh of it succeeded; `conncat history HRFiles` shows its attempts "
                + "and why they failed: fix its export files, then `conncat refresh-schema`.\n")
    }

    @Test func diffErrorsAreOneLine() throws {
        try write("HRFiles.csv", "id\n")
        _ = try refresh(at: "2026-11-01T06:00:00Z")
        let result = try sandbox.run(["diff", "HRFiles"])
        #expect(result.status == 0)
        #expect(
            result.stdout
                == "HRFiles: nothing to compare yet: it has 1 successful schema refresh and a diff compares two; refresh the schema again after the export changed (`conncat refresh-schema`).\n"
        )
    }

    @Test func filesOfEachAttemptWithEncodingSeparatorErrorAndWarning() throws {
        try write("HRFiles.csv", Data([0xEF, 0xBB, 0xBF]) + Data("id;;name;;ID\r\n".utf8))
        try write("Dir_entries.csv", "command,dn\n")
        let first = try refresh(at: "2026-11-01T06:00:00Z")
        #expect(
            first.stdout.contains(
                "  HRFiles: success, 1 table, 3 columns\n    warning: HRFiles.csv: empty header cells at positions 2, 4: not columns; column name written twice: ID\n"
            ),
            "\(first.stdout)")
        try write("HRFiles.csv", Data())
        _ = try refresh(at: "2026-11-02T06:00:00Z")
        struct File: Decodable, Equatable {
            let at, file, table: String
            let size: Int
            let encoding, separator: String?
            let column_count: Int?
            let error, warning: String?
        }
        let files = try json([File].self, ["history", "HRFiles", "--files"]).filter { $0.at.hasPrefix("2026-11-0") }
        #expect(
            files == [
                File(
                    at: "2026-11-01T06:00:00Z", file: "HRFiles.csv", table: "HRFiles", size: 17, encoding: "utf-8-bom", separator: ";",
                    column_count: 3, error: nil, warning: "empty header cells at positions 2, 4: not columns; column name written twice: ID"),
                File(
                    at: "2026-11-02T06:00:00Z", file: "HRFiles.csv", table: "HRFiles", size: 0, encoding: nil, separator: nil,
                    column_count: nil, error: "file is empty", warning: nil),
            ])
    }

    @Test func refreshAllConnectionsOfAConnector() throws {
        try write("HRFiles.csv", "id\n")
        try write("Dir_entries.csv", "command,dn\n")
        let result = try sandbox.run(["refresh-schema", "--export-dir", exports.path, "--connector", "hr", "--at", "2026-11-01T06:00:00Z"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Schema refresh at 2026-11-01T06:00:00Z: 2 succeeded, 0 failed, 0 without schema\n"))
        let unknown = try sandbox.run(["refresh-schema", "--export-dir", exports.path, "--connector", "Nope"])
        #expect(unknown.status == 1)
        #expect(
            unknown.stderr
                == "conncat: error: no connection of connector 'Nope' in the catalog; `conncat connections` lists connections and their connectors\n")
    }
}
