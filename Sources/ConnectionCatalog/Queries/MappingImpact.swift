/// A mapping that reads a table or column the schema in force of its connection does not have,
/// with what to write instead. JSON field names (snake_case) are a contract: `mapping`,
/// `property`, `column`, `table`, `file`, `line`, `suggestion`, then `kind`, `attribute`,
/// `connection`, `suggestion_reason`, `removed_at`.
public struct BrokenMapping: Sendable, Equatable, Hashable, Codable {
    /// `EntityTypeMapping` or `EntityAssociationMapping`.
    public var kind: String
    /// The mapping's identifier (`SN_User`).
    public var mapping: String
    /// The Property of an EntityTypeMapping (`EmployeeNumber`); `nil` for an association
    /// mapping's column and for a missing table.
    public var property: String?
    /// The attribute that names what is missing: `ConnectionTable`, `ConnectionColumn`,
    /// `Column1` or `Column2`.
    public var attribute: String
    /// The column as written; `nil` when the table itself is missing.
    public var column: String?
    /// The mapping's `ConnectionTable` as written.
    public var table: String
    /// The connection the table belongs to.
    public var connection: String
    /// Where the attribute is written (file relative to the imported folder, 1-based line).
    public var location: SourceLocation
    /// The name to write instead, as the schema in force spells it; `nil` when nothing is near.
    public var suggestion: String?
    /// Why ``suggestion`` is suggested; `nil` with it.
    public var suggestionReason: SuggestionReason?
    /// When the history shows it removed: the first successful refresh without it (ISO 8601 UTC).
    public var removedAt: String?

    /// A broken reference; see the properties.
    public init(
        kind: String, mapping: String, property: String?, attribute: String, column: String?, table: String,
        connection: String, location: SourceLocation, suggestion: NameSuggestion?, removedAt: String?
    ) {
        self.kind = kind
        self.mapping = mapping
        self.property = property
        self.attribute = attribute
        self.column = column
        self.table = table
        self.connection = connection
        self.location = location
        self.suggestion = suggestion?.name
        self.suggestionReason = suggestion?.reason
        self.removedAt = removedAt
    }

    /// `SN_User:EmployeeNumber` for a property, the mapping's identifier otherwise (the subject
    /// of the matching `column-missing` or `table-missing` finding).
    public var subject: String { property.map { "\(mapping):\($0)" } ?? mapping }
}

/// Which mappings a schema breaks, and what to write instead: the one query behind the
/// `table-missing` and `column-missing` findings, the impact report of a schema refresh, and
/// any report of what a schema change breaks.
///
/// A mapping's `ConnectionTable` belongs to the connection whose identifier is its longest
/// prefix (among its connector's connections first); the table and every `ConnectionColumn`,
/// `Column1` and `Column2` are compared with that connection's schema in force (its latest
/// successful refresh), case-insensitively and ignoring a trailing `.csv`. A reference that is
/// missing even so is broken. Its suggestion is the `renamed_to` of the diff that removed it
/// (followed through later renames) when that name is in force, else the nearest name of the
/// same table or connection (``NameSuggestion/nearest(to:among:)``), else `nil`.
/// Doc: `docs/identitymanager/6.1/integration-guide/connectors/configuration-details/connections/index.md`.
///
/// Typical use, for two points of the history of one connection:
/// ```swift
/// let input = try MappingImpact.input(for: ["SnowCmdb"], in: catalog)
/// let broken = MappingImpact.brokenMappings(by: older.diff(to: newer), of: "SnowCmdb", in: input)
/// ```
/// The schema states in `input` must be those after the change (the catalog's current ones, or
/// built with ``ConnectionSchemaState``), since suggestions come from the schema in force.
public enum MappingImpact {
    /// Every broken reference of `input`'s mappings, in configuration order (entity type
    /// mappings, then association mappings; columns in property order): one per missing column,
    /// one per mapping whose table is missing.
    public static func brokenMappings(in input: CheckInput) -> [BrokenMapping] {
        brokenMappings(CheckContext(input).driftItems)
    }

    /// The mappings a schema change broke, as the catalog stands: every broken reference of the
    /// current configuration to a table or column that an earlier successful refresh of its
    /// connection had and the schema in force no longer has (``BrokenMapping/removedAt`` set).
    /// A name that no refresh ever exported (a typo) is not counted: the history is the baseline.
    /// The answer depends only on the configuration and the schemas in force, so a refresh that
    /// records the same schemas again does not change it. `connections` limits it to the mappings
    /// of those connections (all when `nil`).
    /// - Throws: a `DatabaseError` when the catalog cannot be read.
    public static func brokenBySchemaChange(of connections: [String]? = nil, in catalog: Catalog) throws -> [BrokenMapping] {
        let wanted = connections.map { Set($0.map(Identifier.fold)) }
        return brokenMappings(in: try input(for: connections, in: catalog)).filter { broken in
            broken.removedAt != nil && (wanted?.contains(Identifier.fold(broken.connection)) ?? true)
        }
    }

    /// The broken references of `input` that `changes` removed: those of `connection` whose table
    /// is `table_removed`, or whose column is `column_removed` from its table, by `changes`
    /// (compared case-insensitively). `changes` is a diff of `connection` (``SchemaSnapshot/diff(to:)``).
    public static func brokenMappings(by changes: [SchemaChange], of connection: String, in input: CheckInput) -> [BrokenMapping] {
        let removedTables = Set(changes.filter { $0.change == .tableRemoved }.map { $0.table.lowercased() })
        let removedColumns = Set(
            changes.filter { $0.change == .columnRemoved }.compactMap { change in
                change.column.map { Pair(table: change.table.lowercased(), column: $0.lowercased()) }
            })
        guard !removedTables.isEmpty || !removedColumns.isEmpty else { return [] }
        return brokenMappings(by: changes, of: connection, among: CheckContext(input).driftItems)
    }

    /// ``brokenMappings(by:of:in:)`` among drift items computed once for several connections.
    static func brokenMappings(by changes: [SchemaChange], of connection: String, among driftItems: [DriftItem]) -> [BrokenMapping] {
        let removedTables = Set(changes.filter { $0.change == .tableRemoved }.map { $0.table.lowercased() })
        let removedColumns = Set(
            changes.filter { $0.change == .columnRemoved }.compactMap { change in
                change.column.map { Pair(table: change.table.lowercased(), column: $0.lowercased()) }
            })
        guard !removedTables.isEmpty || !removedColumns.isEmpty else { return [] }
        let key = connection.lowercased()
        let items = driftItems.filter { $0.connection.identifier.lowercased() == key }
        return brokenMappings(items) { item, column in
            guard let column else { return removedTables.contains(TableName.key(item.table).lowercased()) }
            return removedColumns.contains(Pair(table: (item.snapshotTable ?? item.table).lowercased(), column: column.lowercased()))
        }
    }

    private struct Pair: Hashable {
        var table: String
        var column: String
    }

    /// What ``brokenMappings(by:of:in:)`` needs from `catalog`, lighter than the check's input:
    /// the connections and mappings of the current configuration, and the schema states of
    /// `connections` (all when `nil`) as of `asOf` (`nil` = now). To measure a
    /// past change against the configuration of that time, replace `configuration` in the result.
    /// - Throws: a `DatabaseError` when the catalog cannot be read.
    public static func input(for connections: [String]?, asOf: Timestamp? = nil, in catalog: Catalog) throws -> CheckInput {
        CheckInput(configuration: try catalog.mappingConfiguration(), schemas: try catalog.schemaStates(of: connections, asOf: asOf))
    }

    /// The broken references of `items` that `keep` keeps (given the item, and the column as
    /// written, `nil` for a missing table).
    static func brokenMappings(_ items: [DriftItem], keep: (DriftItem, String?) -> Bool = { _, _ in true }) -> [BrokenMapping] {
        var result: [BrokenMapping] = []
        for item in items {
            switch item.outcome {
            case .unverifiable, .found:
                break
            case .tableMissing(let removed):
                guard keep(item, nil) else { continue }
                result.append(
                    BrokenMapping(
                        kind: item.kind, mapping: item.mapping, property: nil, attribute: "ConnectionTable",
                        column: nil, table: item.table, connection: item.connection.identifier,
                        location: item.location, suggestion: item.suggestion, removedAt: removed?.removedAt))
                continue
            }
            for column in item.columns {
                guard case .missing(let removed) = column.outcome, keep(item, column.written) else { continue }
                // A property's subject is `Mapping:Property`.
                let property = item.kind == "EntityTypeMapping" ? String(column.subject.dropFirst(item.mapping.count + 1)) : nil
                result.append(
                    BrokenMapping(
                        kind: item.kind, mapping: item.mapping, property: property, attribute: column.attribute,
                        column: column.written, table: item.table, connection: item.connection.identifier,
                        location: column.location, suggestion: column.suggestion, removedAt: removed?.removedAt))
            }
        }
        return result
    }
}
