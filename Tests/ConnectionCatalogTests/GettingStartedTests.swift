import ConnectionCatalog  // not @testable: the article uses the public API only
import Foundation
import Testing

/// The code of the DocC article "Getting started" (`ConnectionCatalog.docc/GettingStarted.md`),
/// step by step, on the demo: the article compiles and says what happens.
@Suite struct GettingStartedTests {
    @Test func theArticlesCallsWorkOnTheDemo() throws {
        let folder = try TemporaryFolder()
        let catalog = try Catalog(path: folder.url.appendingPathComponent("mapping.sqlite").path)
        defer { try? catalog.close() }

        let imported = try Importer.run(
            ImportRequest(
                path: demoFolder, at: Timestamp(parsing: "2026-11-29T08:00:00Z"),
                fingerprintKeyFile: folder.url.appendingPathComponent("fingerprint.key")),
            into: catalog)
        #expect(imported.summary.connections == 5 && imported.summary.entityTypeMappings == 5)
        #expect(
            imported.refresh?.attempts.map(\.status.rawValue)
                == ["success", "success", "success", "success", "no_schema"])

        let columns = try AvailableColumns.run(ColumnQuery(connection: "HRFeed"), in: catalog)
        #expect(columns.filter { $0.mappedBy.isEmpty }.map { "\($0.table).\($0.column)" } == [])
        #expect(columns.count == 8)

        let findings = try ConfigurationCheck.run(in: catalog)
        let errors = findings.filter { $0.severity == .error }
        #expect(errors.map { "\($0.location): \($0.rule)" } == ["Conf/HR/HR Connector.xml:35: column-missing"])

        #expect(throws: InputError.self) {
            _ = try Importer.run(ImportRequest(path: folder.url.appendingPathComponent("broken-configuration")), into: catalog)
        }
    }
}
