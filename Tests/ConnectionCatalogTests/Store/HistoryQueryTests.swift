import ConncatFuzzing
import Foundation
import GRDB
import Testing

@testable import ConnectionCatalog

/// The history queries that seek instead of scanning give what a plain reading of the history
/// gives, on random histories with ties in time, backfilled attempts and every status.
@Suite struct HistoryQueryTests {
    static let connections = ["HRFeed", "ADExport", "SnowTicket"]
    static let columnSets: [[String: [String]]] = [
        ["HRFeed": ["id", "name", "mail"]], ["HRFeed": ["id", "name"]], ["HRFeed": ["id", "Name", "phone"]],
        ["HRFeed": ["id"], "HRFeed_extra": ["a", "b"]], ["hrfeed_EXTRA": ["a"]],
    ]

    /// Random attempts: times drawn from a few hours (ties), in random order (backfills).
    static func randomHistory(seed: UInt64) -> [RefreshAttempt] {
        var random = SplitMix64(seed: seed)
        return (0..<60).map { _ in
            let connection = connections[Int(random.next() % UInt64(connections.count))]
            let at = Timestamp.format(seconds: 1_790_000_000 + Int64(random.next() % 12) * 3600)
            switch random.next() % 5 {
            case 0, 1: return Sample.failure(connection, at: at)
            case 2: return RefreshAttempt(connection: connection, at: at, trigger: .refreshSchema, source: .exportOutput, status: .noSchema)
            default: return Sample.success(connection, at: at, columnSets[Int(random.next() % UInt64(columnSets.count))])
            }
        }
    }

    /// Every attempt as stored: (id, connection, at seconds, status, error).
    static func attempts(in catalog: Catalog) throws -> [(id: Int64, connection: String, at: Int64, status: Int, error: String?)] {
        try catalog.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT r.id, h.identifier, r.at, r.status, r.error_class, r.error_message
                    FROM refresh_attempt r JOIN history_connection h ON h.id = r.history_connection_id
                    """
            ).map { row in
                let cls: String? = row[4]
                let message: String? = row[5]
                let error = cls.map { c in message.map { "\(c): \($0)" } ?? c }
                return (id: row[0] as Int64, connection: row[1] as String, at: row[2] as Int64, status: row[3] as Int, error: error)
            }
        }
    }

    /// The failures, read the plain way: each connection's attempts in (time, id) order.
    static func expectedFailures(in catalog: Catalog, since: Int64?, latestOnly: Bool) throws -> [FailedRefresh] {
        let all = try attempts(in: catalog)
        var result: [(at: Int64, id: Int64, failure: FailedRefresh)] = []
        for connection in Set(all.map(\.connection)) {
            let ordered = all.filter { $0.connection == connection }.sorted { ($0.at, $0.id) < ($1.at, $1.id) }
            var lastSuccess: Int64?
            var failures = 0
            for (index, attempt) in ordered.enumerated() {
                if attempt.status == 1 {
                    lastSuccess = attempt.at
                    failures = 0
                    continue
                }
                guard attempt.status == 2 else { continue }
                failures += 1
                guard !latestOnly || index == ordered.count - 1, since.map({ attempt.at >= $0 }) ?? true else { continue }
                result.append(
                    (
                        attempt.at, attempt.id,
                        FailedRefresh(
                            connection: connection, failedAt: Timestamp.format(seconds: attempt.at), error: attempt.error ?? "",
                            lastSuccessAt: lastSuccess.map { Timestamp.format(seconds: $0) }, failedAttempts: failures, refreshID: attempt.id)
                    ))
            }
        }
        return result.sorted { ($0.at, $0.id) < ($1.at, $1.id) }.map(\.failure)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func failedRefreshesAreThoseOfAPlainReading(seed: UInt64) throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        _ = try catalog.recordImport(
            Sample.record(hash: "h"), files: [], agentSettingsHash: nil,
            configuration: Sample.configuration(), settings: nil, attempts: Self.randomHistory(seed: seed))
        let since: Timestamp = "2026-09-21T19:00:00Z"
        for latestOnly in [false, true] {
            for bound in [nil, since] {
                let expected = try Self.expectedFailures(in: catalog, since: bound?.secondsSince1970, latestOnly: latestOnly)
                #expect(
                    try catalog.failedRefreshes(since: bound, latestOnly: latestOnly) == expected,
                    "seed \(seed), latestOnly \(latestOnly), since \(bound.map(\.iso8601) ?? "-")")
            }
        }
        #expect(try !catalog.failedRefreshes(since: nil, latestOnly: false).isEmpty, "seed \(seed) has failures")
    }

    /// What `removedItems` computed before it seeked: every success of the connection read.
    static func removedItemsByScanning(
        connectionID: Int64, latestSnapshot: Int64, inForce: SchemaSnapshot,
        in db: Database
    ) throws -> [RemovedSchemaItem] {
        let seen = try Row.fetchAll(
            db,
            sql: """
                WITH s AS (SELECT r.snapshot_id, MAX(r.at) AS last_at FROM refresh_attempt r
                           WHERE r.history_connection_id = ? AND r.status = 1 AND r.snapshot_id <> ?
                           GROUP BY r.snapshot_id)
                SELECT st.name AS table_name, sc.name AS column_name, MAX(s.last_at) AS last_seen
                FROM s JOIN snapshot_table st ON st.snapshot_id = s.snapshot_id
                JOIN snapshot_column sc ON sc.snapshot_table_id = st.id
                GROUP BY st.name, sc.name
                ORDER BY st.name, sc.name
                """, arguments: [connectionID, latestSnapshot])
        var present: [String: Set<String>] = [:]
        for table in inForce.tables { present[table.name.lowercased()] = Set(table.columns.map { $0.lowercased() }) }
        let successes = try Int64.fetchAll(
            db, sql: "SELECT at FROM refresh_attempt WHERE history_connection_id = ? AND status = 1 ORDER BY at",
            arguments: [connectionID])
        func firstSuccess(after seconds: Int64) -> Int64? { successes.first { $0 > seconds } }
        var removed: [RemovedSchemaItem] = []
        var tableLastSeen: [(name: String, at: Int64)] = []
        for row in seen {
            let table: String = row["table_name"]
            let column: String = row["column_name"]
            let lastSeen: Int64 = row["last_seen"]
            if let columns = present[table.lowercased()] {
                guard !columns.contains(column.lowercased()), let after = firstSuccess(after: lastSeen) else { continue }
                removed.append(
                    RemovedSchemaItem(
                        table: table, column: column, lastSeenAt: Timestamp.format(seconds: lastSeen),
                        removedAt: Timestamp.format(seconds: after)))
            } else if let index = tableLastSeen.firstIndex(where: { $0.name.lowercased() == table.lowercased() }) {
                tableLastSeen[index].at = max(tableLastSeen[index].at, lastSeen)
            } else {
                tableLastSeen.append((table, lastSeen))
            }
        }
        for (table, lastSeen) in tableLastSeen {
            guard let after = firstSuccess(after: lastSeen) else { continue }
            removed.append(
                RemovedSchemaItem(
                    table: table, column: nil, lastSeenAt: Timestamp.format(seconds: lastSeen),
                    removedAt: Timestamp.format(seconds: after)))
        }
        return removed
    }

    @Test(arguments: [11, 12, 13, 14, 15, 16] as [UInt64])
    func removedItemsAreThoseOfAFullScan(seed: UInt64) throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        _ = try catalog.recordImport(
            Sample.record(hash: "h"), files: [], agentSettingsHash: nil,
            configuration: Sample.configuration(), settings: nil, attempts: Self.randomHistory(seed: seed))
        let states = try catalog.schemaStates()
        var compared = 0
        for state in states {
            guard let snapshot = state.snapshot else { continue }
            let expected = try catalog.read { db -> [RemovedSchemaItem] in
                let connectionID = try Int64.fetchOne(db, sql: "SELECT id FROM history_connection WHERE identifier = ?", arguments: [state.connection])!
                let snapshotID = try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT snapshot_id FROM refresh_attempt WHERE history_connection_id = ? AND status = 1 ORDER BY at DESC, id DESC LIMIT 1
                        """, arguments: [connectionID])!
                return try Self.removedItemsByScanning(connectionID: connectionID, latestSnapshot: snapshotID, inForce: snapshot, in: db)
            }
            // The rename hint comes from a diff of the two snapshots, not from the scan compared here.
            let found = state.removed.map { RemovedSchemaItem(table: $0.table, column: $0.column, lastSeenAt: $0.lastSeenAt, removedAt: $0.removedAt) }
            #expect(found == expected, "seed \(seed), \(state.connection)")
            compared += expected.count
        }
        #expect(compared > 0 || seed != 11, "the first seed removes something")
    }

    @Test(arguments: [11, 12, 13] as [UInt64])
    func removalsAmongReferencedItemsAreThoseOfTheFullHistory(seed: UInt64) throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        _ = try catalog.recordImport(
            Sample.record(hash: "h"), files: [], agentSettingsHash: nil,
            configuration: Sample.configuration(), settings: nil, attempts: Self.randomHistory(seed: seed))
        let full = try catalog.schemaStates()
        // Nothing referenced: no removal is read.
        #expect(try catalog.schemaStates(untilSeconds: nil, removedAmong: ReferencedSchemaItems()).allSatisfy { $0.removed.isEmpty })
        var asked = 0
        for state in full {
            for item in state.removed {
                var referenced = ReferencedSchemaItems()
                if let column = item.column {
                    referenced.columns[item.table.lowercased(), default: []].insert(column.lowercased())
                } else {
                    referenced.tables.insert(item.table.lowercased())
                }
                let narrowed = try #require(
                    try catalog.schemaStates(of: [state.connection], untilSeconds: nil, removedAmong: referenced).first)
                // The referenced item, dated as the full history dates it, and nothing the full history lacks.
                #expect(narrowed.removed.contains(item), "seed \(seed), \(state.connection): \(item)")
                #expect(narrowed.removed.allSatisfy { state.removed.contains($0) }, "seed \(seed), \(state.connection)")
                asked += 1
            }
        }
        #expect(asked > 0 || seed != 11, "the first seed removes something")
    }

    @Test func referencedItemsAreTheMappingsTablesAndColumns() {
        var configuration = ConnectionCatalog.Configuration()
        configuration.entityTypeMappings = [
            EntityTypeMapping(
                identifier: "HR_Person", attributes: XMLAttributes([XMLAttribute(name: "ConnectionTable", value: "HR_Person.CSV")]),
                location: SourceLocation(file: "a.xml", line: 1),
                properties: [
                    PropertyMapping(
                        identifier: "Mail", attributes: XMLAttributes([XMLAttribute(name: "ConnectionColumn", value: "EMail")]),
                        location: SourceLocation(file: "a.xml", line: 2))
                ])
        ]
        let referenced = ReferencedSchemaItems(mappingsOf: configuration)
        #expect(referenced.tables == ["hr_person.csv", "hr_person"])
        #expect(referenced.columns == ["hr_person.csv": ["email"], "hr_person": ["email"]])
    }
}

/// The attribute objects the catalog stores read back as written.
@Suite struct StoredAttributesTests {
    @Test func readsWhatTheImportWrites() throws {
        let values = [
            "plain", "", "with \"quotes\" and \\ backslash", "tab\tnew\nline\r", "\u{1}\u{1F}control",
            "é ü 中文", "emoji 😀", "slash / here", String(repeating: "long ", count: 40),
        ]
        let names = StringInterner()
        for value in values {
            let attributes = XMLAttributes([
                XMLAttribute(name: "Identifier", value: value), XMLAttribute(name: value.isEmpty ? "Empty" : "N\(value.count)", value: value),
            ])
            var bytes: [UInt8] = []
            JSONText.appendObject(attributes.items.lazy.map { ($0.name, $0.value) }, to: &bytes)
            let parsed = bytes.withUnsafeBufferPointer { StoredAttributes.parse($0, names: names) }
            #expect(parsed == attributes, "\(value)")
        }
        let empty = Array("{}".utf8).withUnsafeBufferPointer { StoredAttributes.parse($0, names: names) }
        #expect(empty == XMLAttributes())
    }

    @Test func readsEscapesOtherWritersUse() {
        let names = StringInterner()
        let json = #" { "a" : "\u00e9\/\b\f\ud83d\ude00" , "b":"x" } "#
        let parsed = Array(json.utf8).withUnsafeBufferPointer { StoredAttributes.parse($0, names: names) }
        #expect(parsed == XMLAttributes([XMLAttribute(name: "a", value: "é/\u{8}\u{C}😀"), XMLAttribute(name: "b", value: "x")]))
    }

    @Test func refusesWhatIsNotAnObjectOfStrings() {
        let names = StringInterner()
        for json in ["", "[]", "{\"a\":1}", "{\"a\":\"x\"", "{\"a\":\"x\",}", "{\"a\":\"\\q\"}", "{\"a\":\"x\"} x", "{\"a\":\"\\ud83d\"}"] {
            let parsed = Array(json.utf8).withUnsafeBufferPointer { StoredAttributes.parse($0, names: names) }
            #expect(parsed == nil, "\(json)")
        }
    }
}
