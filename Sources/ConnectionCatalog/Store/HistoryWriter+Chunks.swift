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

    init(path: String, role: Int = 1, contentHash: String) {
        self.path = path
        self.role = role
        self.contentHash = contentHash
    }

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

extension HistoryWriter {
    /// The temporary table chunks are staged in (per connection, never in the catalog file's schema).
    private static let stagingTable = "temp.staged_history_element"

    /// Adds one chunk's elements (as ``Configuration/historyElements`` lists them) to `file`.
    mutating func append(_ elements: [HistoryElement], to file: inout ChunkedFileVersion) throws {
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
    mutating func finish(_ file: ChunkedFileVersion, size: Int64, summary: ConfigurationSummary) throws -> StoredFileVersion {
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
