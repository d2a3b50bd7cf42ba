import GRDB
import Testing

@testable import ConnectionCatalog

/// The codes stored in `refresh_attempt` have their words in the catalog (`refresh_status`,
/// `refresh_trigger`, `schema_source`, read by the views): they agree with the Swift enumerations.
@Suite struct StoredCodeTests {
    static func words(_ table: String, in catalog: Catalog) throws -> [Int: String] {
        try catalog.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT code, name FROM \(table)").map { ($0["code"], $0["name"]) })
        }
    }

    @Test func everyStoredCodeHasTheSameWordInSwiftAndInTheCatalog() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        let statuses = try Self.words("refresh_status", in: catalog)
        #expect(statuses.count == RefreshStatus.allCases.count)
        for status in RefreshStatus.allCases {
            #expect(statuses[status.code] == status.rawValue)
            #expect(RefreshStatus(code: status.code) == status)
        }
        let triggers: [RefreshTrigger] = [.import, .refreshSchema]
        #expect(try Self.words("refresh_trigger", in: catalog) == Dictionary(uniqueKeysWithValues: triggers.map { ($0.code, $0.rawValue) }))
        let sources: [SchemaSource] = [.exportOutput, .configuration]
        #expect(try Self.words("schema_source", in: catalog) == Dictionary(uniqueKeysWithValues: sources.map { ($0.code, $0.rawValue) }))
    }
}
