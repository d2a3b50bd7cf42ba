import Foundation
import Testing

@testable import ConnectionCatalog

/// An export file whose header uses another separator than the connection's `Separator`
/// setting: what is read, and the warning on the file.
@Suite struct SchemaRefresherSeparatorTests {
    let folder: ReaderTestFolder

    init() throws { folder = try ReaderTestFolder() }

    /// The refresh of connection `HRFeed` with `separator` over one file `HRFeed.csv` holding `header`.
    private func refresh(_ header: String, separator: String?) throws -> RefreshAttempt {
        try folder.write("HRFeed.csv", header + "\n")
        let outcome = try SchemaRefresher.refresh(
            folder: folder.url, displayFolder: "Temp/ExportOutput",
            targets: [RefreshTarget(connection: "HRFeed", package: "Usercube.CSV@0000001", separator: separator)],
            at: "2026-11-01T08:00:00Z", trigger: .refreshSchema)
        return try #require(outcome.attempts.first)
    }

    @Test func aSeparatorNoReadingFindsIsKeptAsOneColumnWithAWarning() throws {
        let attempt = try refresh("id|first_name|mail", separator: ";")
        #expect(attempt.status == .success)
        #expect(attempt.snapshot?.tables.map(\.columns) == [["id|first_name|mail"]])
        let file = try #require(attempt.files.first)
        #expect(file.separator == ";")
        #expect(
            file.warning
                == "the connection's Separator ';' reads the header as one column, but the file seems to use '|': recorded as one column; "
                + "fix the connection's Separator setting (appsettings.agent.json) or the export, so that they agree")
    }

    @Test func aSniffedSeparatorOtherThanCommaIsReadWithAWarning() throws {
        let semicolons = try refresh("id;first_name;mail", separator: ",")
        #expect(semicolons.snapshot?.tables.map(\.columns) == [["id", "first_name", "mail"]])
        #expect(semicolons.files.first?.separator == ";")
        #expect(
            semicolons.files.first?.warning
                == "the connection's Separator ',' reads the header as one column, but the file seems to use ';': read with ';'; "
                + "fix the connection's Separator setting (appsettings.agent.json) or the export, so that they agree")
        // A tab is named, never written raw: in the file and in the setting (which may write it `\t`).
        let tabSetting = try refresh("id;first_name", separator: "\\t")
        #expect(
            tabSetting.files.first?.warning?.hasPrefix("the connection's Separator tab reads the header as one column, but the file seems to use ';'") == true)
        let tabs = try refresh("id\tfirst_name\tmail", separator: "|")
        #expect(tabs.files.first?.separator == "\t")
        let warning = try #require(tabs.files.first?.warning)
        #expect(warning.hasPrefix("the connection's Separator '|' reads the header as one column, but the file seems to use tab: read with tab; "))
        #expect(!warning.contains("\t"))
    }

    /// The CSV export rewrites its input with `,` whatever the `Separator` (which describes the
    /// input): a comma-separated export file under `Separator: ";"` is the documented form.
    @Test func aCommaSeparatedExportUnderAnotherSettingIsTheDocumentedForm() throws {
        let attempt = try refresh("id,first_name,mail", separator: ";")
        #expect(attempt.snapshot?.tables.map(\.columns) == [["id", "first_name", "mail"]])
        #expect(attempt.files.first?.separator == ",")
        #expect(attempt.files.first?.warning == nil)
    }

    @Test func noWarningWhenTheSettingFitsOrTheHeaderIsOneColumn() throws {
        #expect(try refresh("id;first_name;mail", separator: ";").files.first?.warning == nil)
        #expect(try refresh("employee_id", separator: ";").files.first?.warning == nil)
        // Without a setting the separator is sniffed: nothing to contradict.
        #expect(try refresh("id;first_name", separator: nil).files.first?.warning == nil)
    }

    @Test func theLikelySeparatorIsTheMostFrequentOtherOne() {
        #expect(SchemaRefresher.likelySeparator(in: "a|b|c,d", besides: ";") == "|")
        #expect(SchemaRefresher.likelySeparator(in: "a,b;c", besides: ";") == ",")
        #expect(SchemaRefresher.likelySeparator(in: "a;b", besides: ";") == nil)
        #expect(SchemaRefresher.likelySeparator(in: "a\tb", besides: ",") == "\t")
    }
}
