import Foundation
import GRDB

/// One XML file's version being stored chunk by chunk (``HistoryWriter/append(_:to:)``), for
/// a file read in several chunks: the version is the one a single
/// ``HistoryWriter/store(role:path:contentHash:size:elements:summary:)`` of all its elements
/// stores, without holding them all in memory.
///
/// The history lists a file's elements kind by kind (``Configuration/historyElements``), while
/// the chunks come in file order: the elements of every chunk after the first are staged in a
/// temporary table keyed by (kind group, position) and stored in that order when the file ends.
struct ChunkedFileVersion {
    let path: String
    let role: Int
    let contentHash: String
    /// The elements of the first chunk, until a second one comes.
    fileprivate(set) var first: [HistoryElement]?
    /// Whether elements were staged (the file came in more than one chunk).
    fileprivate(set) var staged = false
    /// The stored version of equal content (nothing is staged then).
    fileprivate var existing: (id: Int64, depth: Int)?
    /// Elements appended so far.
    fileprivate(set) var count = 0
    /// Elements staged so far, for their position within their kind group.
    fileprivate var position: Int64 = 0
    /// The last row id of each table of the current configuration (``HistoryWriter/currentRowMarks(in:)``)
    /// before the file's first chunk was inserted there, when every element of the file is
    /// inserted there (the import replaces the configuration); `nil` otherwise.
    var rowsAfter: [Int64]?
    /// Whether the history of the file is copied from its rows in the current configuration
    /// when the file ends (a file with no earlier version and ``rowsAfter`` known): nothing is
    /// held nor staged meanwhile.
    fileprivate var fromRows = false

    init(path: String, role: Int = 1, contentHash: String) {
        self.path = path
        self.role = role
        self.contentHash = contentHash
    }

    /// The number of groups of the current configuration's kinds (``group(_:)``, agent settings excluded).
    static let groupCount = 12

    /// The group of a kind in the order ``Configuration/historyElements`` lists them (children
    /// with their parent).
    static func group(_ kind: ConfigurationElementKind) -> Int64 {
        switch kind {
        case .agent: 0
        case .connector: 1
        case .connection: 2
        case .connectionTable, .connectionTableColumn: 3
        case .entityType, .entityProperty: 4
        case .entityTypeMapping, .entityPropertyMapping: 5
        case .entityAssociation: 6
        case .entityAssociationMapping: 7
        case .resourceType: 8
        case .resourceTypeMapping: 9
        case .exportTask: 10
        case .fulfillTask, .taskResourceType: 11
        case .connectionSettings, .setting: 12
        }
    }
}

/// The rows of one file inserted into the current configuration (``ElementInserter/rows``), by
/// history group (``ChunkedFileVersion/group(_:)``) in insertion order: the line of each row,
/// and the runs of consecutive rows of one table (the group's parent kind or its child kind),
/// which the history copies run by run in the same order.
struct InsertedRows {
    /// Per group, the line (0 when unknown) of each row.
    private(set) var lines: [[Int64]] = Array(repeating: [], count: ChunkedFileVersion.groupCount)
    /// Per group, the runs: whether of the child kind, and how many rows.
    private(set) var runs: [[(child: Bool, count: Int)]] = Array(repeating: [], count: ChunkedFileVersion.groupCount)

    /// Records one row of `group` (a child's when `child`) inserted after the others.
    mutating func append(group: Int, child: Bool, line: Int64) {
        lines[group].append(line)
        if let last = runs[group].last, last.child == child {
            runs[group][runs[group].count - 1].count += 1
        } else {
            runs[group].append((child, 1))
        }
    }
}

extension HistoryWriter {
    /// The temporary table chunks are staged in (per connection, never in the catalog file's schema).
    private static let stagingTable = "temp.staged_history_element"

    /// Adds one chunk's elements (as ``Configuration/historyElements`` lists them, `count` of
    /// them) to `file`; `elements` is not called when the file's history is copied from its
    /// rows in the current configuration.
    mutating func append(_ elements: () -> [HistoryElement], count: Int, to file: inout ChunkedFileVersion) throws {
        if file.count == 0, file.first == nil, !file.staged, file.rowsAfter != nil,
            previous[file.path].map({ $0.role == file.role }) != true
        {
            // No earlier version of the file: no element version to reuse, each stored anew.
            file.fromRows = true
        }
        if file.fromRows {
            file.count += count
            return
        }
        let elements = elements()
        file.count += elements.count
        if !file.staged && file.first == nil {
            file.first = elements
            return
        }
        if !file.staged {
            file.staged = true
            let pathID = try Self.pathID(file.path, in: db)
            if let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT id, depth FROM config_file_version WHERE config_path_id = ? AND content_hash = ? AND role = ? ORDER BY id DESC LIMIT 1
                    """, arguments: [pathID, file.contentHash, file.role])
            {
                file.existing = (row[0], row[1])
            } else {
                try db.execute(
                    sql: """
                        CREATE TEMP TABLE IF NOT EXISTS staged_history_element (
                            position INTEGER PRIMARY KEY, kind INTEGER, element TEXT, identifier TEXT, attributes TEXT, line INTEGER)
                        """)
                try db.execute(sql: "DELETE FROM \(Self.stagingTable)")
            }
            let first = file.first ?? []
            file.first = nil
            try stage(first, in: &file)
        }
        try stage(elements, in: &file)
    }

    private func stage(_ elements: [HistoryElement], in file: inout ChunkedFileVersion) throws {
        guard file.existing == nil, !elements.isEmpty else { return }
        var insert = try RawStatement(
            db, "INSERT INTO \(Self.stagingTable) (position, kind, element, identifier, attributes, line) VALUES (?,?,?,?,?,?)")
        var buffer: [UInt8] = []
        for e in elements {
            file.position += 1
            buffer.removeAll(keepingCapacity: true)
            JSONText.appendObject(e.attributes.items.lazy.map { ($0.name, $0.value) }, to: &buffer)
            insert.bind(ChunkedFileVersion.group(e.kind) << 40 | file.position)
            insert.bind(Int64(e.kind.rawValue))
            insert.bind(e.element)
            insert.bind(e.identifier)
            insert.bindText(buffer)
            insert.bind(Int64(e.line ?? 0))
            try insert.execute()
        }
    }

    /// Stores `file` as a file version (or finds the stored one of equal content), as
    /// ``store(role:path:contentHash:size:elements:summary:)`` stores all its elements at once.
    /// - Parameter rows: the file's rows in the current configuration as they were inserted
    ///   (``ElementInserter/rows``), recorded from the file's first chunk on when
    ///   ``ChunkedFileVersion/rowsAfter`` is set.
    mutating func finish(
        _ file: ChunkedFileVersion, size: Int64, summary: ConfigurationSummary, rows: InsertedRows? = nil
    ) throws -> StoredFileVersion {
        if file.fromRows, let marks = file.rowsAfter {
            guard let rows else {
                throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "configuration history rows not recorded")
            }
            return try storeFromCurrentRows(file, after: marks, size: size, summary: summary, rows: rows)
        }
        guard file.staged else {
            return try store(
                role: file.role, path: file.path, contentHash: file.contentHash, size: size, elements: file.first ?? [],
                summary: summary)
        }
        if let existing = file.existing {
            return StoredFileVersion(
                id: existing.id, path: file.path, role: file.role, contentHash: file.contentHash, size: size,
                elementCount: file.count, summary: summary, depth: existing.depth)
        }
        let pathID = try Self.pathID(file.path, in: db)
        var (base, baseList, known) = try previousElements(path: file.path, role: file.role)
        var insert = try RawStatement(db, "INSERT INTO config_element (kind, element, identifier, attributes) VALUES (?,?,?,?)")
        var entries = ElementListEncoder(capacity: file.count, keepingEntries: baseList != nil)
        let rows = try Row.fetchCursor(
            db, sql: "SELECT kind, element, identifier, attributes, line FROM \(Self.stagingTable) ORDER BY position")
        while let row = try rows.next() {
            let kind: Int = row[0]
            let element: String? = row[1]
            let identifier: String? = row[2]
            let attributes: String = row[3]
            let key = base == nil ? nil : Self.contentKey(kind: kind, element: element, identifier: identifier, attributes: attributes)
            let id: Int64
            if let key, let found = known[key] {
                id = found
            } else {
                insert.bind(Int64(kind))
                insert.bind(element)
                insert.bind(identifier)
                insert.bindText(Array(attributes.utf8))
                try insert.execute()
                id = db.lastInsertedRowID
                if let key { known[key] = id }
            }
            entries.append(id: id, line: row[4])
        }
        try db.execute(sql: "DELETE FROM \(Self.stagingTable)")
        return try insertVersion(
            entries, pathID: pathID, path: file.path, role: file.role, contentHash: file.contentHash,
            size: size, summary: summary, base: base, baseList: baseList)
    }
}

extension HistoryWriter {
    /// The tables of the current configuration in the order ``Configuration/historyElements``
    /// lists their kinds, children after their parent: table, kind, parent column of a child
    /// kind, and the `element` and `identifier` the history keeps for a row.
    private static let currentTables: [(table: String, kind: ConfigurationElementKind, parent: String?, element: String, identifier: String)] = [
        ("agent", .agent, nil, "NULL", "identifier"),
        ("connector", .connector, nil, "NULL", "identifier"),
        ("connection", .connection, nil, "NULL", "identifier"),
        ("connection_table", .connectionTable, nil, "NULL", "identifier"),
        ("connection_table_column", .connectionTableColumn, "connection_table_id", "NULL", "identifier"),
        ("entity_type", .entityType, nil, "NULL", "identifier"),
        ("entity_property", .entityProperty, "entity_type_id", "NULL", "identifier"),
        ("entity_type_mapping", .entityTypeMapping, nil, "NULL", "identifier"),
        ("entity_property_mapping", .entityPropertyMapping, "entity_type_mapping_id", "NULL", "identifier"),
        ("entity_association", .entityAssociation, nil, "NULL", "identifier"),
        ("entity_association_mapping", .entityAssociationMapping, nil, "NULL", "identifier"),
        ("resource_type", .resourceType, nil, "NULL", "identifier"),
        // A typed mapping keeps its element name; a plain `ResourceTypeMapping` keeps none.
        (
            "resource_type_mapping", .resourceTypeMapping, nil,
            "CASE WHEN element = 'ResourceTypeMapping' COLLATE BINARY THEN NULL ELSE element END", "identifier"
        ),
        ("export_task", .exportTask, nil, "NULL", "identifier"),
        ("fulfill_task", .fulfillTask, nil, "NULL", "identifier"),
        ("task_resource_type", .taskResourceType, "fulfill_task_id", "NULL", "NULL"),
    ]

    /// Per group of kinds (a kind with its children): the statements that copy a run of
    /// consecutive rows of the group's parent kind, and of its child kind, into the history
    /// (parameters: the run's first and last row id), with the indices of their tables in
    /// ``currentTables``. A run is read in id order, so its history rows are appended in that
    /// order without sorting.
    private static let currentRunCopies: [(parent: (sql: String, table: Int), child: (sql: String, table: Int)?)] = {
        func copy(_ index: Int) -> (sql: String, table: Int) {
            let table = currentTables[index]
            let sql = """
                INSERT INTO config_element (kind, element, identifier, attributes)
                SELECT \(table.kind.rawValue), \(table.element), \(table.identifier), attributes
                FROM \(table.table) WHERE id BETWEEN ? AND ? ORDER BY id
                """
            return (sql, index)
        }
        var groups: [(parent: (sql: String, table: Int), child: (sql: String, table: Int)?)] = []
        var index = 0
        while index < currentTables.count {
            if index + 1 < currentTables.count, currentTables[index + 1].parent != nil {
                groups.append((copy(index), copy(index + 1)))
                index += 2
            } else {
                groups.append((copy(index), nil))
                index += 1
            }
        }
        return groups
    }()

    /// The last row id of each table of the current configuration (0 for an empty one), in the
    /// order the history copies them: what ``ChunkedFileVersion/rowsAfter`` records before a
    /// file's rows are inserted.
    static func currentRowMarks(in db: Database) throws -> [Int64] {
        let sql = "SELECT " + currentTables.map { "(SELECT coalesce(max(id), 0) FROM \($0.table))" }.joined(separator: ", ")
        guard let row = try Row.fetchOne(db.cachedStatement(sql: sql)) else { return [] }
        return (0..<currentTables.count).map { row[$0] }
    }

    /// The rows copied into the history are not the file's rows in the order they were inserted.
    private static let misnumbered = DatabaseError(
        resultCode: .SQLITE_INTERNAL, message: "configuration history rows not numbered in order")

    /// Stores `file` (no earlier version) from its rows in the current configuration, those
    /// after `marks`: the element versions, ids and list that
    /// ``store(role:path:contentHash:size:elements:summary:)`` stores from its elements, copied
    /// run by run (``InsertedRows``) rather than bound element by element.
    ///
    /// The rows of each table after its mark are the file's, numbered in the order they were
    /// inserted (parent, then its children, in order), which is the history's order; `rows`
    /// tells how the two tables of a group alternate.
    private func storeFromCurrentRows(
        _ file: ChunkedFileVersion, after marks: [Int64], size: Int64, summary: ConfigurationSummary, rows: InsertedRows
    ) throws -> StoredFileVersion {
        let pathID = try Self.pathID(file.path, in: db)
        if let row = try Row.fetchOne(
            db,
            sql: """
                SELECT id, depth FROM config_file_version WHERE config_path_id = ? AND content_hash = ? AND role = ? ORDER BY id DESC LIMIT 1
                """, arguments: [pathID, file.contentHash, file.role])
        {
            return StoredFileVersion(
                id: row[0], path: file.path, role: file.role, contentHash: file.contentHash, size: size,
                elementCount: file.count, summary: summary, depth: row[1])
        }
        var entries = ElementListEncoder(capacity: file.count, keepingEntries: false)
        // New rows take the ids after the largest, one by one in the order they are copied.
        var last = try Int64.fetchOne(db.cachedStatement(sql: "SELECT coalesce(max(id), 0) FROM config_element")) ?? 0
        // Copies the `count` rows after `id` of the table of `statement`, in id order.
        func copyRun(_ count: Int, with statement: inout RawStatement, after id: inout Int64) throws {
            statement.bind(id + 1)
            statement.bind(id + Int64(count))
            try statement.execute()
            id += Int64(count)
            guard db.changesCount == count else { throw Self.misnumbered }
        }
        for (group, copy) in Self.currentRunCopies.enumerated() where !rows.lines[group].isEmpty {
            var parent = try RawStatement(db, copy.parent.sql)
            var child = try copy.child.map { try RawStatement(db, $0.sql) }
            // The last row id copied from each table.
            var parentID = marks[copy.parent.table]
            var childID = copy.child.map { marks[$0.table] } ?? 0
            for run in rows.runs[group] {
                // Only the kinds of a group's second table are inserted as children.
                if run.child {
                    try copyRun(run.count, with: &child!, after: &childID)
                } else {
                    try copyRun(run.count, with: &parent, after: &parentID)
                }
            }
            let lines = rows.lines[group]
            guard db.lastInsertedRowID == last + Int64(lines.count) else { throw Self.misnumbered }
            for (offset, line) in lines.enumerated() { entries.append(id: last + 1 + Int64(offset), line: line) }
            last += Int64(lines.count)
        }
        return try insertVersion(
            entries, pathID: pathID, path: file.path, role: file.role, contentHash: file.contentHash,
            size: size, summary: summary, base: nil, baseList: nil)
    }
}
