import Foundation
import GRDB
import Testing

@testable import ConnectionCatalog

@Suite struct IdentifierTests {
    @Test func foldsOnlyASCIILettersAsNOCASEDoes() {
        #expect(Identifier.fold("HRFeed_2") == "hrfeed_2")
        #expect(Identifier.fold("Éclair") == "Éclair")
        #expect(Identifier.fold("ÉCLAIR") == "Éclair")
        #expect(Identifier("HRFeed") == Identifier("hrfeed"))
        #expect(Identifier("Éclair") != Identifier("éclair"))
        #expect(Identifier("ÉCLAIR") == Identifier("Éclair"))
        #expect(Identifier("Straße") != Identifier("STRASSE"))
        #expect(Set([Identifier("A"), Identifier("a"), Identifier("Ä"), Identifier("ä")]).count == 3)
        #expect(Identifier("HRFeed").text == "HRFeed" && Identifier("HRFeed").description == "HRFeed")
    }

    /// Swift's folding and SQLite's NOCASE agree, on equality and on order, for identifiers
    /// that differ only by the case of ASCII or non-ASCII letters.
    @Test func agreesWithSQLiteNOCASE() throws {
        let words = ["HRFeed", "hrfeed", "Éclair", "éclair", "ÉCLAIR", "Ärger", "ärger", "ÅSA", "åsa", "Zeta", "zeta_", "İstanbul", "istanbul", "ǅ", "ǆ"]
        let queue = try DatabaseQueue()
        for a in words {
            for b in words {
                let (same, before) = try queue.read { db in
                    (
                        try Bool.fetchOne(db, sql: "SELECT ? = ? COLLATE NOCASE", arguments: [a, b])!,
                        try Bool.fetchOne(db, sql: "SELECT ? < ? COLLATE NOCASE", arguments: [a, b])!
                    )
                }
                #expect((Identifier(a) == Identifier(b)) == same, "\(a) \(b)")
                #expect((Identifier(a) < Identifier(b)) == before, "\(a) \(b)")
            }
        }
    }

    static func importing(_ connections: [String], into folder: TemporaryFolder) throws -> (Catalog, ImportResult) {
        let lines = connections.map { #"  <Connection Identifier="\#($0)" Connector="Pastry" Package="Usercube.CSV@0000001" />"# }
        _ = try folder.write(
            "Conf/Pastry.xml",
            """
            <?xml version="1.0" encoding="utf-8"?>
            <ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">
              <Connector Identifier="Pastry" />
            \(lines.joined(separator: "\n"))
            </ConfigurationFile>
            """)
        let catalog = try folder.catalog()
        let result = try Importer.run(
            ImportRequest(
                path: folder.url, at: "2026-11-29T08:00:00Z", fingerprintKeyFile: folder.url.appendingPathComponent("key")),
            into: catalog)
        return (catalog, result)
    }

    /// `Éclair` and `éclair` are two connections for the import's duplicate check, for the
    /// catalog's `UNIQUE COLLATE NOCASE`, for its lookups and for the refresh's choice of a
    /// connection.
    @Test func nonASCIIIdentifiersThatDifferByCaseAreTwoEverywhere() throws {
        let folder = try TemporaryFolder()
        let (catalog, result) = try Self.importing(["Éclair", "éclair"], into: folder)
        #expect(result.summary.connections == 2)
        #expect(Set(try catalog.connectionSummaries().map(\.connection)) == ["Éclair", "éclair"])
        #expect(try catalog.knownConnection("éclair") == "éclair")
        #expect(try catalog.knownConnection("ÉCLAIR") == "Éclair")
        _ = try folder.write("Export/éclair.csv", "id,name\n")
        let outcome = try SchemaRefresher.refresh(
            folder: folder.url.appendingPathComponent("Export"), connections: ["ÉCLAIR"], at: "2026-11-29T09:00:00Z",
            in: catalog)
        #expect(outcome.attempts.map(\.connection) == ["Éclair"])
        #expect(throws: CatalogError.unknownConnection("ÉCLAIRS")) {
            try SchemaRefresher.refresh(
                folder: folder.url.appendingPathComponent("Export"), connections: ["ÉCLAIRS"], at: "2026-11-29T09:00:00Z",
                in: catalog)
        }
    }

    /// `Éclair` and `ÉCLAIR` differ only by ASCII letters: one identifier, declared twice, for
    /// Swift as for SQLite.
    @Test func identifiersThatDifferByASCIICaseAreOne() throws {
        let folder = try TemporaryFolder()
        #expect {
            _ = try Self.importing(["Éclair", "ÉCLAIR"], into: folder)
        } throws: { error in
            (error as? InputError)?.message.contains("declared twice") == true
        }
    }
}
