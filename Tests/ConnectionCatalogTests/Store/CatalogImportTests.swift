import Foundation
import GRDB
import Testing

@testable import ConnectionCatalog

@Suite struct CatalogImportTests {
    func count(_ table: String, in catalog: Catalog) throws -> Int {
        try catalog.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)")! }
    }

    @Test func importStoresEveryElementWithProvenance() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        let stored = try catalog.recordImport(
            Sample.record(hash: "h1"), files: [], agentSettingsHash: "s1",
            configuration: Sample.configuration(), settings: Sample.settings(), attempts: [])
        #expect(stored.changed)
        #expect(stored.id == 1)
        #expect(try count("connection", in: catalog) == 3)
        #expect(try count("entity_property_mapping", in: catalog) == 3)
        let row = try catalog.read { db in
            try Row.fetchOne(db, sql: "SELECT file, line, connection_table, connection_table_key FROM entity_type_mapping WHERE identifier = 'hr_person'")
        }
        #expect(row?["file"] == "b.xml")
        #expect(row?["line"] == 10)
        #expect(row?["connection_table"] == "HRFeed.csv")
        #expect(row?["connection_table_key"] == "HRFeed")
        let settings = try catalog.read { db in
            try Row.fetchAll(db, sql: "SELECT key, value, is_secret FROM connection_setting ORDER BY key")
        }
        #expect(settings.map { $0["key"] as String } == ["Password", "Servers:0:Server"])
        #expect(settings[0]["value"] as String? == nil)
        #expect(settings[1]["value"] as String? == "dc01.example.test")
    }

    @Test func importingTheSameContentTwiceOnlyAddsTheRecord() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        _ = try catalog.recordImport(
            Sample.record(hash: "same"), files: [], agentSettingsHash: nil,
            configuration: Sample.configuration(), settings: nil, attempts: [])
        let firstIDs = try catalog.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM connection ORDER BY id") }
        let second = try catalog.recordImport(
            Sample.record(hash: "same", at: "2026-11-02T08:00:00Z"), files: [], agentSettingsHash: nil,
            configuration: Sample.configuration(), settings: nil, attempts: [])
        #expect(second.changed == false)
        #expect(try catalog.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM connection ORDER BY id") } == firstIDs)
        #expect(try catalog.imports().map(\.changed) == [true, false])
    }

    @Test func changedContentReplacesTheConfiguration() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        _ = try catalog.recordImport(
            Sample.record(hash: "one"), files: [], agentSettingsHash: nil,
            configuration: Sample.configuration(), settings: Sample.settings(), attempts: [])
        var smaller = Sample.configuration()
        smaller.connections.removeLast()
        _ = try catalog.recordImport(
            Sample.record(hash: "two"), files: [], agentSettingsHash: nil,
            configuration: smaller, settings: nil, attempts: [])
        #expect(try catalog.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM connection ORDER BY identifier") } == ["ADExport", "HRFeed"])
        #expect(try count("connection_settings", in: catalog) == 0)
    }

    @Test func caseInsensitiveDuplicateIsRejectedAtTheLaterDeclarationAndNothingIsStored() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        var configuration = Sample.configuration()
        configuration.connections.append(Connection(identifier: "ADEXPORT", attributes: ["Identifier": "ADEXPORT"], location: Sample.at("c.xml", 7)))
        #expect {
            _ = try catalog.recordImport(
                Sample.record(hash: "dup"), files: [], agentSettingsHash: nil,
                configuration: configuration, settings: nil, attempts: [])
        } throws: { error in
            let error = error as? InputError
            return error?.location == Sample.at("c.xml", 7) && error?.message.contains("first at a.xml:3") == true
        }
        #expect(try count("import_run", in: catalog) == 0)
        #expect(try count("connection", in: catalog) == 0)
    }

    @Test func aSecondElementWithoutIdentifierStopsTheImportAtItsLine() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        var configuration = Sample.configuration()
        configuration.connections += [
            Connection(identifier: "", attributes: ["DisplayName_L1": "one"], location: Sample.at("c.xml", 3)),
            Connection(identifier: "", attributes: ["DisplayName_L1": "two"], location: Sample.at("c.xml", 4)),
        ]
        #expect(
            throws: InputError(
                Sample.at("c.xml", 4), "Connection without Identifier, like the one at c.xml:3",
                hint: "give each Connection its Identifier")
        ) {
            _ = try catalog.recordImport(
                Sample.record(hash: "noid"), files: [], agentSettingsHash: nil,
                configuration: configuration, settings: nil, attempts: [])
        }
        configuration.connections.removeLast()
        _ = try catalog.recordImport(
            Sample.record(hash: "one"), files: [], agentSettingsHash: nil,
            configuration: configuration, settings: nil, attempts: [])
        #expect(try count("connection", in: catalog) == 4, "one Connection without Identifier is kept for the check to report")
    }
}
