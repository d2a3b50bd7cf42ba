import Testing

@testable import ConnectionCatalog

@Suite struct DeclaredSchemaOwnersTests {
    typealias Table = DeclaredSchemaOwners.Table

    @Test func whatIsNoLongerDeclaredComparesIdentifiersCaseInsensitively() {
        let before = DeclaredSchemaOwners(
            connections: ["HRFeed", "LDAP", "Tickets", "Crm"],
            connectionTables: [
                Table(connection: "HRFeed", table: "HRFeed_extra"), Table(connection: "LDAP", table: "LDAP_entries"),
                Table(connection: "Crm", table: "Crm_accounts"),
            ])
        let after = DeclaredSchemaOwners(
            connections: ["hrfeed", "CRM"], connectionTables: [Table(connection: "crm", table: "CRM_ACCOUNTS")])
        let lost = before.lost(in: after)
        #expect(lost.connections == ["LDAP", "Tickets"])
        // A table of a connection no longer declared goes with its connection.
        #expect(lost.connectionTables == [Table(connection: "HRFeed", table: "HRFeed_extra")])
        #expect(before.lost(in: before).connections.isEmpty && before.lost(in: before).connectionTables.isEmpty)
    }
}
