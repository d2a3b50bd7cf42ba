import Crypto
import Foundation
import GRDB
import Testing

@testable import ConnectionCatalog

/// `Importer.run` streams the XML files into the catalog; reading everything first and writing
/// it with `recordImport` is the reference it must match, row for row and error for error.
@Suite struct ImporterStreamingTests {
    static let at: Timestamp = "2026-11-29T08:00:00Z"
    /// One fingerprint key for the streamed import and its reference, never the user's.
    static let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("conncat-streaming-\(UUID().uuidString).key")

    /// Every row of every table but the import record's hash-independent bookkeeping, in order.
    static func dump(_ catalog: Catalog) throws -> [String: [String]] {
        try catalog.read { db in
            let tables = try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'
                    """)
            var result: [String: [String]] = [:]
            for table in tables {
                // Table names come from sqlite_schema, not from input.
                result[table] = try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map { $0.description }
            }
            return result
        }
    }

    /// The reference: read everything, then `recordImport`.
    static func importInMemory(_ root: URL, into catalog: Catalog) throws -> ImportRecord {
        let request = ImportRequest(path: root, at: at, fingerprintKeyFile: keyFile)
        let layout = try Importer.layout(of: request)
        // As the importer stores them: secret attributes redacted, locations under the imported folder.
        let read = try ConfigurationReader.read(folder: layout.configurationFolder)
        let configuration = Importer.redactingSecretAttributes(read.configuration).prefixingLocations(with: "Conf/")
        let files = read.files.map { file in
            var file = file
            file.path = "Conf/" + file.path
            return file
        }
        let settings = try layout.agentSettings.map {
            try AgentSettingsReader.read(
                file: $0, displayName: Importer.displayPath($0, under: root),
                fingerprinter: SecretFingerprinter.load(keyFile: keyFile))
        }
        let settingsHash = settings.map(Importer.redactedHash)
        var hasher = SHA256Hasher()
        for file in files { hasher.add("xml\u{0}\(file.path)\u{0}\(file.contentHash)\n") }
        if let settingsHash { hasher.add("settings\u{0}\(settingsHash)\n") }
        let targets = Importer.refreshTargets(configuration: configuration, settings: settings)
        let refresh = try layout.exportFolder.map {
            try SchemaRefresher.refresh(
                folder: $0, displayFolder: Importer.displayPath($0, under: root), targets: targets,
                knownConnections: targets.map(\.connection), at: at.iso8601, trigger: .import)
        }
        let record = ImportRecord(
            importedAt: at.iso8601, sourceFolder: root.standardizedFileURL.path,
            configurationFolder: layout.configurationFolder.standardizedFileURL.path,
            agentSettingsFile: layout.agentSettings?.standardizedFileURL.path, exportFolder: layout.exportFolder?.standardizedFileURL.path,
            xmlFileCount: files.count, elementCount: configuration.elementCount, contentHash: hasher.hex, changed: true)
        var scan: ExportScanFacts?
        if let folder = layout.exportFolder, let refresh {
            // The export folder of a scan is stored absolute (a later import may read another folder).
            scan = ExportScanFacts(folder: folder.standardizedFileURL.path, at: at.iso8601, unattributedFiles: refresh.unattributedFiles)
        }
        return try catalog.recordImport(
            record, files: files, agentSettingsHash: settingsHash, configuration: configuration,
            settings: settings, attempts: refresh?.attempts ?? Importer.declaredSchemaAttempts(configuration, at: at.iso8601),
            exportScan: scan)
    }

    @Test func streamingStoresWhatReadingEverythingFirstStores() throws {
        let folder = try TemporaryFolder()
        let streamed = try folder.catalog("streamed.sqlite")
        let result = try Importer.run(ImportRequest(path: demoFolder, at: Self.at, fingerprintKeyFile: Self.keyFile), into: streamed)
        let reference = try folder.catalog("reference.sqlite")
        let record = try Self.importInMemory(demoFolder, into: reference)
        #expect(result.record == record)
        // The reference does not digest its inputs (only the importer knows them all).
        #expect(try streamed.read { db in try String.fetchOne(db, sql: "SELECT input_hash FROM import_run") }?.count == 64)
        try streamed.write { db in try db.execute(sql: "UPDATE import_run SET input_hash = NULL") }
        #expect(try Self.dump(streamed) == (try Self.dump(reference)))
        let configuration = try ConfigurationReader.read(folder: demoFolder.appendingPathComponent("Conf")).configuration
        #expect(result.summary == ConfigurationSummary(configuration))
        #expect(result.summary.connections == 5)
    }

    @Test func reimportingUnchangedContentKeepsTheConfiguration() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        let first = try Importer.run(ImportRequest(path: demoFolder, at: Self.at, fingerprintKeyFile: Self.keyFile), into: catalog)
        let before = try Self.dump(catalog)
        let second = try Importer.run(ImportRequest(path: demoFolder, at: "2026-11-30T08:00:00Z", fingerprintKeyFile: Self.keyFile), into: catalog)
        #expect(first.record.changed)
        #expect(!second.record.changed)
        #expect(second.summary == first.summary)
        let after = try Self.dump(catalog)
        #expect(after["connection"] == before["connection"])
        #expect(after["entity_property_mapping"] == before["entity_property_mapping"])
        #expect(after["import_run"]?.count == 2)
    }

    @Test func aClashAcrossFilesIsReportedAsReadingEverythingFirstReportsIt() throws {
        let folder = try TemporaryFolder()
        let conf = folder.url.appendingPathComponent("Conf")
        try FileManager.default.copyItem(at: demoFolder.appendingPathComponent("Conf"), to: conf)
        // In stream order the Property clash comes first; reading everything first reports the
        // Connection clash, because connections are stored before entity types.
        try folder.write(
            "Conf/Zz.xml",
            """
            <?xml version="1.0" encoding="utf-8"?>
            <ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">
              <EntityType Identifier="Clash_Type"><Property Identifier="a" /><Property Identifier="A" /></EntityType>
              <Connection Identifier="hrfeed" Connector="HR" Package="Usercube.CSV@0000001" />
            </ConfigurationFile>
            """)
        let streamed = try folder.catalog("streamed.sqlite")
        var streamedError: InputError?
        do { _ = try Importer.run(ImportRequest(path: folder.url, at: Self.at, fingerprintKeyFile: Self.keyFile), into: streamed) } catch let error
            as InputError
        { streamedError = error }
        let reference = try folder.catalog("reference.sqlite")
        var referenceError: InputError?
        do { _ = try Self.importInMemory(folder.url, into: reference) } catch let error as InputError { referenceError = error }
        #expect(streamedError != nil)
        // The importer names the file as it opens from the working directory: the folder as given first.
        #expect(streamedError?.description == referenceError.map { folder.url.relativePath + "/" + $0.description })
        #expect(streamedError?.description.contains("Connection 'hrfeed' is declared twice") == true)
        #expect(try streamed.imports().isEmpty)
        #expect(try Self.dump(streamed)["connection"]?.isEmpty == true)
    }

    @Test func brokenAgentSettingsWinOverAClash() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "Conf/a.xml",
            """
            <ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">
              <Connector Identifier="A" /><Connector Identifier="a" />
            </ConfigurationFile>
            """)
        try folder.write("Runtime/appsettings.agent.json", "{ \"Connections\": { \"A\": ")
        let catalog = try folder.catalog()
        #expect {
            _ = try Importer.run(ImportRequest(path: folder.url, at: Self.at, fingerprintKeyFile: Self.keyFile), into: catalog)
        } throws: { error in
            (error as? InputError)?.location.file == folder.url.relativePath + "/Runtime/appsettings.agent.json"
        }
        #expect(try catalog.imports().isEmpty)
    }

    @Test func theFirstClashOfAKindIsReportedAtItsLaterDeclaration() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "Conf/a.xml",
            """
            <ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">
              <Connector Identifier="One" />
              <Connector Identifier="Two" />
            </ConfigurationFile>
            """)
        try folder.write(
            "Conf/b.xml",
            """
            <ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">
              <Connector Identifier="TWO" />
              <Connector Identifier="one" />
            </ConfigurationFile>
            """)
        let catalog = try folder.catalog()
        var reported: InputError?
        do { _ = try Importer.run(ImportRequest(path: folder.url, at: Self.at, fingerprintKeyFile: Self.keyFile), into: catalog) } catch let error as InputError
        { reported = error }
        #expect(reported?.location == SourceLocation(file: folder.url.relativePath + "/Conf/b.xml", line: 2))
        #expect(reported?.message == "Connector 'TWO' is declared twice (first at Conf/a.xml:3); identifiers are compared case-insensitively")
        #expect(try catalog.imports().isEmpty)
        #expect(try Self.dump(catalog)["connector"]?.isEmpty == true)
    }

    /// Imports `folder` and returns the error it reports (`nil` when it succeeds).
    func importError(_ folder: TemporaryFolder, into catalog: Catalog, at: Timestamp = at) -> InputError? {
        do {
            _ = try Importer.run(ImportRequest(path: folder.url, at: at, fingerprintKeyFile: Self.keyFile), into: catalog)
            return nil
        } catch { return error as? InputError }
    }

    static func connectors(_ identifiers: String...) -> String {
        "<ConfigurationFile xmlns=\"urn:schemas-usercube-com:configuration\">\n"
            + identifiers.map { "  <Connector Identifier=\"\($0)\" />\n" }.joined() + "</ConfigurationFile>\n"
    }

    @Test func aChangedFileClashingWithAnEarlierFileReusedUnreadIsReportedInIt() throws {
        let folder = try TemporaryFolder()
        try folder.write("Conf/a.xml", Self.connectors("One", "Two"))
        try folder.write("Conf/b.xml", Self.connectors("Three"))
        let catalog = try folder.catalog()
        #expect(importError(folder, into: catalog) == nil)
        // a.xml is reused unread; its identifiers come from the catalog.
        try folder.write("Conf/b.xml", Self.connectors("Three", "two"))
        let reported = importError(folder, into: catalog, at: "2026-11-30T08:00:00Z")
        #expect(reported?.location == SourceLocation(file: folder.url.relativePath + "/Conf/b.xml", line: 3))
        #expect(reported?.message == "Connector 'two' is declared twice (first at Conf/a.xml:3); identifiers are compared case-insensitively")
        #expect(try catalog.imports().count == 1)
        #expect(try Self.dump(catalog)["connector"]?.count == 3)
    }

    @Test func aChangedFileClashingWithALaterFileReusedUnreadIsReportedInTheLaterOne() throws {
        let folder = try TemporaryFolder()
        try folder.write("Conf/a.xml", Self.connectors("One"))
        try folder.write("Conf/b.xml", Self.connectors("Two", "Three"))
        let catalog = try folder.catalog()
        #expect(importError(folder, into: catalog) == nil)
        // b.xml is reused unread, after the changed a.xml in reading order.
        try folder.write("Conf/a.xml", Self.connectors("One", "THREE"))
        let reported = importError(folder, into: catalog, at: "2026-11-30T08:00:00Z")
        #expect(reported?.location == SourceLocation(file: folder.url.relativePath + "/Conf/b.xml", line: 3))
        #expect(reported?.message == "Connector 'Three' is declared twice (first at Conf/a.xml:3); identifiers are compared case-insensitively")
        #expect(try catalog.imports().count == 1)
        // The same clash read all at once, into an empty catalog: the same error.
        let fresh = try folder.catalog("fresh.sqlite")
        #expect(importError(folder, into: fresh)?.message == reported?.message)
        #expect(importError(folder, into: fresh)?.location == reported?.location)
    }

    @Test func aClashBetweenFilesReusedUnreadAndAMalformedChangedFileReportsTheMalformedOne() throws {
        let folder = try TemporaryFolder()
        try folder.write("Conf/a.xml", Self.connectors("One"))
        try folder.write("Conf/b.xml", Self.connectors("Two"))
        try folder.write("Conf/c.xml", Self.connectors("Three"))
        let catalog = try folder.catalog()
        #expect(importError(folder, into: catalog) == nil)
        try folder.write("Conf/b.xml", Self.connectors("ONE"))
        try folder.write("Conf/c.xml", "<ConfigurationFile xmlns=\"urn:schemas-usercube-com:configuration\"><Connector>\n")
        let reported = importError(folder, into: catalog, at: "2026-11-30T08:00:00Z")
        #expect(reported?.location.file == folder.url.relativePath + "/Conf/c.xml")
        #expect(try catalog.imports().count == 1)
    }

    @Test func aMalformedFileWinsOverAnEarlierClash() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "Conf/a.xml",
            """
            <ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">
              <Connector Identifier="A" /><Connector Identifier="a" />
            </ConfigurationFile>
            """)
        try folder.write("Conf/b.xml", "<ConfigurationFile xmlns=\"urn:schemas-usercube-com:configuration\"><Connector>\n")
        let catalog = try folder.catalog()
        #expect {
            _ = try Importer.run(ImportRequest(path: folder.url, at: Self.at, fingerprintKeyFile: Self.keyFile), into: catalog)
        } throws: { error in
            (error as? InputError)?.location.file == folder.url.relativePath + "/Conf/b.xml"
        }
        #expect(try catalog.imports().isEmpty)
    }
}

/// SHA-256 of text parts, lower-case hex, as the importer hashes its inputs.
private struct SHA256Hasher {
    private var data = Data()
    mutating func add(_ text: String) { data.append(contentsOf: Array(text.utf8)) }
    var hex: String {
        var hasher = Crypto.SHA256()
        hasher.update(data: data)
        return hasher.finalize().hexString
    }
}
