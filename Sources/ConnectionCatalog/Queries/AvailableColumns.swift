/// What `conncat columns` asks.
public struct ColumnQuery: Sendable, Equatable {
    /// Only this connection (case-insensitive).
    public var connection: String?
    /// Only this connection table (case-insensitive, with or without `.csv`).
    public var table: String?
    /// Only the ConnectionTable of this entity type's EntityTypeMapping.
    public var entityType: String?
    /// Only columns that no mapping uses.
    public var unmappedOnly: Bool
    /// Also technical columns (the incremental `command` column).
    public var includeTechnical: Bool
    /// `nil` = now.
    public var asOf: Timestamp?
    /// Only columns whose name matches this glob (case-insensitive), in every connection unless
    /// another filter narrows it.
    public var column: NamePattern?

    public init(
        connection: String? = nil, table: String? = nil, entityType: String? = nil,
        unmappedOnly: Bool = false, includeTechnical: Bool = false, asOf: Timestamp? = nil, column: NamePattern? = nil
    ) {
        self.connection = connection
        self.table = table
        self.entityType = entityType
        self.unmappedOnly = unmappedOnly
        self.includeTechnical = includeTechnical
        self.asOf = asOf
        self.column = column
    }
}

/// Which columns can be mapped: the columns of each connection's snapshot in force (its latest
/// successful schema refresh at or before `asOf`), with the EntityTypeMapping properties and
/// EntityAssociationMappings that use each. ConnectionTable and ConnectionColumn values are
/// matched case-insensitively, ignoring a trailing `.csv`, as the documentation's own examples
/// require (`docs/identitymanager/6.1/integration-guide/toolkit/xml-configuration/connectors/entitytypemapping/index.md`).
public enum AvailableColumns {
    /// - Returns: columns sorted by connection, table, position.
    /// - Throws: ``CatalogError/unknownConnection(_:)`` (with `asOf`, a connection the
    ///   configuration of that time did not declare), ``CatalogError/unknownEntityTypeMapping(_:)``.
    public static func run(_ query: ColumnQuery, in catalog: Catalog) throws -> [AvailableColumn] {
        var columns: [AvailableColumn] = []
        try forEach(query, in: catalog) { columns.append($0) }
        return columns
    }

    /// ``run(_:in:)`` one column at a time, in the same order, without holding them all.
    /// - Throws: what `run` throws, and what `body` throws.
    public static func forEach(_ query: ColumnQuery, in catalog: Catalog, _ body: (AvailableColumn) throws -> Void) throws {
        var tables: [String]?
        if let table = query.table { tables = [table] }
        if let entityType = query.entityType {
            guard let mapped = try catalog.mappedTable(ofEntityType: entityType, asOf: query.asOf), let table = mapped else {
                throw CatalogError.unknownEntityTypeMapping(entityType)
            }
            tables = [table]
        }
        var connection: String?
        if let wanted = query.connection {
            guard let known = try catalog.knownConnection(wanted, asOf: query.asOf) else { throw CatalogError.unknownConnection(wanted) }
            connection = known
        }
        try catalog.forEachAvailableColumn(connection: connection, tables: tables, asOf: query.asOf) { column in
            if (query.includeTechnical || !column.technical) && (!query.unmappedOnly || column.mappedBy.isEmpty)
                && query.column?.matches(column.column) != false
            {
                try body(column)
            }
        }
    }

    /// The columns whose name matches `query.column` in the scope of `query` (connection, table
    /// or entity type, `asOf`) that its `unmappedOnly` and `includeTechnical` filters leave out:
    /// what explains an empty answer. Empty when `query.column` is `nil`.
    /// - Throws: what ``run(_:in:)`` throws.
    public static func leftOut(by query: ColumnQuery, in catalog: Catalog) throws -> ColumnsLeftOut {
        guard query.column != nil else { return ColumnsLeftOut(mapped: [], technical: []) }
        var relaxed = query
        relaxed.unmappedOnly = false
        relaxed.includeTechnical = true
        var result = ColumnsLeftOut(mapped: [], technical: [])
        try forEach(relaxed, in: catalog) { column in
            if column.technical && !query.includeTechnical {
                result.technical.append(column)
            } else if query.unmappedOnly && !column.mappedBy.isEmpty {
                result.mapped.append(column)
            }
        }
        return result
    }
}

/// The columns a ``ColumnQuery``'s flags left out (``AvailableColumns/leftOut(by:in:)``), in
/// the order of ``AvailableColumns/run(_:in:)``.
public struct ColumnsLeftOut: Sendable, Equatable {
    /// Columns left out because a mapping uses them (`unmappedOnly`).
    public var mapped: [AvailableColumn]
    /// Technical columns left out (`includeTechnical` is `false`).
    public var technical: [AvailableColumn]
}
