import Foundation
import Testing

@testable import ConnectionCatalog
@testable import conncat

/// A result type's JSON field names have one declaration, its `CodingKeys`: conncat's JSON,
/// CSV and table headers take them from there, and the JSON it writes decodes back into the
/// library's values.
@Suite struct JSONContractTests {
    /// Text that JSON must escape, and a secret-free value of every kind.
    static let hostile = "Tab\there \"quoted\" back\\slash é"

    /// Decodes conncat's JSON for `rows` with the library's `Codable`, and checks the key order.
    func roundTrip<Row: FieldListed & Codable & Equatable>(_ rows: [Row], keys: [String]) throws {
        let json = Renderer.json(rows)
        #expect(try JSONDecoder().decode([Row].self, from: Data(json.utf8)) == rows)
        #expect(Row.fields == keys)
    }

    @Test func conncatsJSONIsTheLibrarysContract() throws {
        try roundTrip(
            [
                ConnectionSummary(
                    connection: "HR\(Self.hostile)", displayName: nil, connector: "HR", package: "Usercube.CSV@0000001",
                    hasAgentSettings: true, schemaStatus: "success", lastRefreshAt: "2026-11-01T08:00:00Z",
                    lastSuccessAt: nil, file: "Conf/HR.xml", line: 12)
            ], keys: ConnectionSummary.CodingKeys.allCases.map(\.stringValue))
        try roundTrip(
            [
                TableSummary(
                    connection: "HR", table: Self.hostile, columnCount: 3, snapshotAt: "2026-11-01T08:00:00Z", stale: true,
                    mapped: false, source: .configuration)
            ], keys: TableSummary.CodingKeys.allCases.map(\.stringValue))
        try roundTrip(
            [
                AvailableColumn(
                    connection: "HR", table: "HR_people", column: Self.hostile, position: 2, technical: false, stale: false,
                    mappedBy: ["HR_Person:Email", "HR_Person:Mail"])
            ], keys: AvailableColumn.CodingKeys.allCases.map(\.stringValue))
        try roundTrip(
            [
                SettingRow(
                    connection: nil, key: "OpenId:OpenIdClients:Job", value: nil, secret: true, state: .set, kind: .encrypted,
                    changedSincePreviousImport: nil),
                SettingRow(
                    connection: "HR", key: "Path", value: Self.hostile, secret: false, state: .set, kind: .plain,
                    changedSincePreviousImport: false),
            ], keys: SettingRow.CodingKeys.allCases.map(\.stringValue))
        try roundTrip(
            [
                FailedRefresh(
                    connection: "HR", failedAt: "2026-11-02T08:00:00Z", error: "empty: \(Self.hostile)", lastSuccessAt: nil,
                    failedAttempts: 2, refreshID: 7)
            ], keys: FailedRefresh.CodingKeys.allCases.map(\.stringValue))
    }

    /// `history` names its connection once, in the command: each row has every other field.
    @Test func historyRowsLeaveOnlyTheConnectionOut() throws {
        #expect(HistoryEntry.fields == HistoryEntry.CodingKeys.allCases.filter { $0 != .connection }.map(\.stringValue))
        let entry = HistoryEntry(
            refreshID: 3, connection: "HR", at: "2026-11-01T08:00:00Z", status: .failed, trigger: .import, source: .exportOutput,
            error: "empty: \(Self.hostile)", tableCount: nil, columnCount: nil, changed: false, snapshotID: nil)
        var object = try #require(
            JSONSerialization.jsonObject(with: Data(Renderer.json([entry]).utf8)) as? [[String: Any]]
        ).first!
        object["connection"] = "HR"
        let decoded = try JSONDecoder().decode(HistoryEntry.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(decoded == entry)
    }

    /// The table layout names only fields of the list, so that a renamed field cannot leave it behind.
    @Test func tableLayoutNamesOnlyDeclaredFields() {
        let types: [any Renderable.Type] = [
            ConnectionSummary.self, TableSummary.self, AvailableColumn.self, HistoryEntry.self, FailedRefresh.self,
            SettingRow.self, RefreshFileEntry.self, DiffRow.self, ImportSummary.self, ElementChangeRow.self,
            SettingChangeRow.self, SchemaChangeRow.self, CatalogDifference.self, Finding.self, RuleRow.self,
        ]
        for type in types {
            let fields = type.fields
            #expect(Set(fields).count == fields.count, "\(type)")
            #expect(Set(type.columnRules.keys).isSubset(of: fields), "\(type)")
        }
    }
}
