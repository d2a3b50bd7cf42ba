import Foundation
import GRDB
import Testing

@testable import ConnectionCatalog

/// A file is read, checked and written in chunks of elements: whatever the chunk size, the
/// catalog holds what reading each file whole stores, and errors are the same.
@Suite struct ImporterChunkTests {
    static let at: Timestamp = "2026-11-29T08:00:00Z"
    static let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("conncat-chunks-\(UUID().uuidString).key")

    static func run(_ root: URL, chunk: Int, at: Timestamp = at, into catalog: Catalog) throws -> ImportResult {
        var request = ImportRequest(path: root, at: at, fingerprintKeyFile: keyFile)
        request.chunkElements = chunk
        return try Importer.run(request, into: catalog)
    }

    static func error(_ root: URL, chunk: Int, into catalog: Catalog) -> InputError? {
        do {
            _ = try run(root, chunk: chunk, into: catalog)
            return nil
        } catch { return error as? InputError }
    }

    static let header = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ConfigurationFile xmlns=\"urn:schemas-usercube-com:configuration\">\n"

    /// Elements of every kind the history groups, interleaved (a kind comes back after others),
    /// children included, one secret-valued attribute among them. Each string is one top-level
    /// element.
    static let elements: [String] = [
        "<Connector Identifier=\"HR\" DisplayName_L1=\"HR\" />",
        "<Connection Identifier=\"HRFeed\" Connector=\"HR\" Package=\"Usercube.CSV@0000001\" />",
        "<EntityType Identifier=\"Person\"><Property Identifier=\"Mail\" Type=\"String\" /><Property Identifier=\"Login\" Type=\"String\" /></EntityType>",
        "<ConnectionTable Identifier=\"HRFeed_Persons\" Connection=\"HRFeed\"><Column Identifier=\"Mail\" /><Column Identifier=\"Id\" IsPrimaryKey=\"true\" /></ConnectionTable>",
        "<Connector Identifier=\"Directory\" />",
        "<Connection Identifier=\"DirectoryExport\" Connector=\"Directory\" Package=\"Usercube.LDAP@0000001\" Password=\"FAKE-SECRET-chunk-0001\" />",
        "<EntityTypeMapping Identifier=\"HR_Person\" Connector=\"HR\" ConnectionTable=\"HRFeed_Persons\"><Property Identifier=\"Mail\" ConnectionColumn=\"Mail\" /></EntityTypeMapping>",
        "<EntityAssociation Identifier=\"Person_Manager\" />",
        "<ResourceType Identifier=\"Directory_User\" SourceEntityType=\"Person\" />",
        "<EntityType Identifier=\"Group\"><Property Identifier=\"Name\" Type=\"String\" /></EntityType>",
        "<LdapResourceTypeMapping Identifier=\"Directory_User\" Connection=\"DirectoryExport\" />",
        "<ExportTask Identifier=\"Export_HR\" Connection=\"HRFeed\" />",
        "<FulfillTask Identifier=\"Fulfill_Directory\" Connection=\"DirectoryExport\"><TaskResourceType ResourceType=\"Directory_User\" /></FulfillTask>",
        "<EntityAssociationMapping Identifier=\"Person_Manager\" />",
        "<Connection Identifier=\"HRFeed2\" Connector=\"HR\" Package=\"Usercube.CSV@0000001\" />",
        "<ConnectionTable Identifier=\"HRFeed2_Persons\" Connection=\"HRFeed2\"><Column Identifier=\"Id\" /></ConnectionTable>",
    ]

    /// A folder with `elements` in one file, one top-level element a line from line 3.
    static func oneFile(_ folder: TemporaryFolder, _ name: String = "one", elements: [String] = elements, tail: String = "</ConfigurationFile>\n") throws -> URL
    {
        try folder.write("\(name)/Conf/All.xml", header + elements.map { "  \($0)\n" }.joined() + tail)
        return folder.url.appendingPathComponent(name)
    }

    @Test(arguments: [1, 2, 3, 5])
    func aFileLargerThanAChunkStoresWhatOneChunkStores(chunk: Int) throws {
        let folder = try TemporaryFolder()
        let root = try Self.oneFile(folder)
        let whole = try folder.catalog("whole.sqlite")
        let wholeResult = try Self.run(root, chunk: .max, into: whole)
        let chunked = try folder.catalog("chunked.sqlite")
        let chunkedResult = try Self.run(root, chunk: chunk, into: chunked)
        #expect(chunkedResult.record == wholeResult.record)
        #expect(chunkedResult.summary == wholeResult.summary)
        #expect(chunkedResult.files == wholeResult.files)
        #expect(chunkedResult.summary.elements == 24)
        #expect(try ImporterStreamingTests.dump(chunked) == (try ImporterStreamingTests.dump(whole)))
        // Stored in the history kind by kind, as a file read whole.
        let recorded = try #require(try chunked.recordedConfiguration(importID: 1))
        #expect(recorded.files.count == 1)
        #expect(recorded.files.first?.elements.map(\.kind) == (try whole.recordedConfiguration(importID: 1))?.files.first?.elements.map(\.kind))
        #expect(recorded.files.first?.elements.first { $0.identifier == "DirectoryExport" }?.attributes["Password"] != "FAKE-SECRET-chunk-0001")
    }

    /// A new file's history is copied from its rows in the current configuration; a file with
    /// an earlier version is stored element by element (reusing equal element versions): both
    /// record the same elements, kinds, element names, identifiers, attributes and lines.
    @Test(arguments: [1, 4, Int.max])
    func aNewFileRecordsWhatAChangedFileRecords(chunk: Int) throws {
        let folder = try TemporaryFolder()
        // A typed and a plain ResourceTypeMapping, an element without Identifier, no line break
        // between two elements, parents without children one after another.
        let elements =
            Self.elements + [
                "<ResourceTypeMapping Identifier=\"Plain_User\" Connection=\"HRFeed\" />",
                "<ExportTask DisplayName_L1=\"no identifier\" /><Agent Identifier=\"Local\" URI=\"https://agent.example.test\" />",
                "<EntityType Identifier=\"Empty\" /><EntityType Identifier=\"AlsoEmpty\" />",
                "<EntityType Identifier=\"Account\"><Property Identifier=\"Login\" Type=\"String\" /></EntityType>",
            ]
        let fresh = try folder.catalog("fresh.sqlite")
        _ = try Self.run(try Self.oneFile(folder, "new", elements: elements), chunk: chunk, into: fresh)
        let changed = try folder.catalog("changed.sqlite")
        _ = try Self.run(try Self.oneFile(folder, "old", elements: Array(elements.prefix(3))), chunk: chunk, into: changed)
        _ = try Self.run(
            try Self.oneFile(folder, "old", elements: elements), chunk: chunk, at: "2026-11-29T09:00:00Z", into: changed)
        let stored = try #require(try fresh.recordedConfiguration(importID: 1)?.files.first?.elements)
        let expected = try #require(try changed.recordedConfiguration(importID: 2)?.files.first?.elements)
        #expect(stored.count == 31)
        #expect(stored == expected)
        #expect(
            stored.filter { $0.kind == .entityType || $0.kind == .entityProperty }.map { $0.identifier ?? "" } == [
                "Person", "Mail", "Login", "Group", "Name", "Empty", "AlsoEmpty", "Account", "Login",
            ])
        #expect(stored.first { $0.kind == .resourceTypeMapping && $0.identifier == "Directory_User" }?.element == "LdapResourceTypeMapping")
        #expect(stored.first { $0.kind == .resourceTypeMapping && $0.identifier == "Plain_User" }.map { $0.element == nil } == true)
        #expect(stored.first { $0.kind == .taskResourceType }.map { $0.identifier == nil && $0.attributes["ResourceType"] == "Directory_User" } == true)
        #expect(stored.filter { $0.kind == .connectionTableColumn }.map(\.line) == [6, 6, 18])
        // Ids follow the history's order: the first element version is the first listed.
        let ids = try fresh.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM config_element ORDER BY id") }
        #expect(ids == Array(1...Int64(stored.count)))
    }

    @Test func theDemoReadOneElementAtATimeStoresWhatReadingEachFileWholeStores() throws {
        let folder = try TemporaryFolder()
        let whole = try folder.catalog("whole.sqlite")
        _ = try Self.run(demoFolder, chunk: .max, into: whole)
        let chunked = try folder.catalog("chunked.sqlite")
        _ = try Self.run(demoFolder, chunk: 1, into: chunked)
        #expect(try ImporterStreamingTests.dump(chunked) == (try ImporterStreamingTests.dump(whole)))
    }

    @Test func aFileLargerThanAChunkImportsLikeTheSameElementsSplitInFiles() throws {
        let folder = try TemporaryFolder()
        let root = try Self.oneFile(folder)
        for (index, element) in Self.elements.enumerated() {
            try folder.write(String(format: "split/Conf/%02d.xml", index), Self.header + "  \(element)\n</ConfigurationFile>\n")
        }
        let one = try folder.catalog("one.sqlite")
        let oneResult = try Self.run(root, chunk: 2, into: one)
        let split = try folder.catalog("split.sqlite")
        let splitResult = try Self.run(folder.url.appendingPathComponent("split"), chunk: 2, into: split)
        #expect(oneResult.summary == splitResult.summary)
        #expect(oneResult.files.count == 1)
        #expect(splitResult.files.count == Self.elements.count)
        #expect(
            ConfigurationHistoryTests.placed(try one.currentConfiguration())
                == ConfigurationHistoryTests.placed(try split.currentConfiguration()))
        #expect(try one.currentConfiguration().connections.map(\.identifier) == ["HRFeed", "DirectoryExport", "HRFeed2"])
    }

    @Test(arguments: [1, 4, Int.max])
    func aClashBetweenTwoChunksOfOneFileIsReportedAtItsLine(chunk: Int) throws {
        let folder = try TemporaryFolder()
        // The clashing Connection is on line 3 + 16.
        let root = try Self.oneFile(
            folder, elements: Self.elements + ["<Connection Identifier=\"hrfeed\" Connector=\"HR\" Package=\"Usercube.CSV@0000001\" />"])
        let catalog = try folder.catalog()
        let reported = Self.error(root, chunk: chunk, into: catalog)
        #expect(reported?.location == SourceLocation(file: root.relativePath + "/Conf/All.xml", line: 19))
        #expect(
            reported?.message
                == "Connection 'hrfeed' is declared twice (first at Conf/All.xml:4); identifiers are compared case-insensitively")
        #expect(try catalog.imports().isEmpty)
        #expect(try ImporterStreamingTests.dump(catalog)["connection"]?.isEmpty == true)
        #expect(try ImporterStreamingTests.dump(catalog)["config_element"]?.isEmpty == true)
    }

    @Test func aMalformedEndAfterChunksWereWrittenStoresNothing() throws {
        let folder = try TemporaryFolder()
        let root = try Self.oneFile(folder, tail: "  <Connector Identifier=\"Broken\"\n")
        let whole = try folder.catalog("whole.sqlite")
        let wholeError = Self.error(root, chunk: .max, into: whole)
        let chunked = try folder.catalog("chunked.sqlite")
        let chunkedError = Self.error(root, chunk: 1, into: chunked)
        #expect(wholeError != nil)
        #expect(chunkedError?.description == wholeError?.description)
        #expect(chunkedError?.location.file == root.relativePath + "/Conf/All.xml")
        #expect(try chunked.imports().isEmpty)
        #expect(try ImporterStreamingTests.dump(chunked)["connector"]?.isEmpty == true)
        #expect(try ImporterStreamingTests.dump(chunked)["config_element"]?.isEmpty == true)
    }

    @Test func theHistoryOfAChunkedFileAcrossImportsIsTheHistoryOfTheFileReadWhole() throws {
        let folder = try TemporaryFolder()
        let root = try Self.oneFile(folder)
        let whole = try folder.catalog("whole.sqlite")
        let chunked = try folder.catalog("chunked.sqlite")
        _ = try Self.run(root, chunk: .max, at: "2026-11-29T08:00:00Z", into: whole)
        _ = try Self.run(root, chunk: 3, at: "2026-11-29T08:00:00Z", into: chunked)
        let first = try chunked.recordedConfiguration(importID: 1)
        // One attribute changed, two lines inserted above an element, one element added.
        try ConfigurationHistoryTests.edit(
            root, "Conf/All.xml", "<Connector Identifier=\"Directory\" />",
            "<!-- a\n  b -->\n  <Connector Identifier=\"Directory\" DisplayName_L1=\"Directory (new)\" />")
        try ConfigurationHistoryTests.edit(root, "Conf/All.xml", "</ConfigurationFile>", "  <Connector Identifier=\"Extra\" />\n</ConfigurationFile>")
        let wholeSecond = try Self.run(root, chunk: .max, at: "2026-11-30T08:00:00Z", into: whole)
        let chunkedSecond = try Self.run(root, chunk: 3, at: "2026-11-30T08:00:00Z", into: chunked)
        #expect(chunkedSecond.record == wholeSecond.record)
        #expect(chunkedSecond.record.changed)
        #expect(try ImporterStreamingTests.dump(chunked) == (try ImporterStreamingTests.dump(whole)))
        // A second file version; the first stays as it was.
        #expect(try ConfigurationHistoryTests.count("config_file_version", in: chunked) == 2)
        #expect(try chunked.recordedConfiguration(importID: 1) == first)
        let changes = try ConfigurationChangesQuery.run(from: 1, to: 2, in: chunked).configuration
        #expect(changes == (try ConfigurationChangesQuery.run(from: 1, to: 2, in: whole).configuration))
        #expect(changes.map { $0.identifier }.sorted() == ["Directory", "Extra"])
        // Imported again unchanged: only the record.
        let third = try Self.run(root, chunk: 3, at: "2026-12-01T08:00:00Z", into: chunked)
        #expect(third.unchangedSince == 2)
    }
}
