/// A mapping's ConnectionTable and columns compared with the schema in force of its connection,
/// computed once per check and shared by the drift rules.
struct DriftItem: Sendable {
    enum Outcome: Sendable {
        /// The connection has no successful snapshot.
        case unverifiable
        /// The snapshot has no such table, even ignoring case and `.csv`.
        case tableMissing(RemovedSchemaItem?)
        /// The snapshot's own name of the table.
        case found(String)
    }

    /// How a column that does not match exactly compares.
    enum ColumnOutcome: Sendable {
        /// Matched ignoring case; the header's own spelling.
        case caseOnly(String)
        case missing(RemovedSchemaItem?)
    }

    struct Column: Sendable {
        /// `HR_Person:CostCenter` for a property mapping, the association mapping otherwise.
        var subject: String
        /// `ConnectionColumn`, `Column1`, `Column2`.
        var attribute: String
        var written: String
        var location: SourceLocation
        var outcome: ColumnOutcome
        /// For a missing column: the column of the same table to write instead, if any.
        var suggestion: NameSuggestion?
    }

    /// `EntityTypeMapping` or `EntityAssociationMapping`.
    var kind: String
    var mapping: String
    /// ConnectionTable as written.
    var table: String
    var location: SourceLocation
    var connection: Connection
    var package: ConnectorPackage?
    var state: ConnectionSchemaState?
    var outcome: Outcome
    /// The columns that do not match a column of the table exactly, when the table was found or
    /// a near table is suggested (columns that match exactly are compared and left out: no rule
    /// reports them).
    var columns: [Column]
    /// For a missing table: the table of the same connection to write instead, if any.
    var suggestion: NameSuggestion?
    /// The table starts with no connection identifier: the connection is the one with the
    /// suggested table, or its connector's only connection.
    var namesNoConnection = false

    /// The table the columns were compared with: the snapshot's name of the table when found,
    /// the suggested table when the table is missing.
    var snapshotTable: String? {
        if case .found(let name) = outcome { return name }
        return suggestion?.name
    }
}

extension CheckContext {
    /// Every mapping with a ConnectionTable that belongs to a connection, compared with that
    /// connection's schema in force, in configuration order (EntityTypeMappings first).
    static func driftItems(_ context: CheckContext) -> [DriftItem] {
        var items: [DriftItem] = []
        let c = context.configuration
        for mapping in c.entityTypeMappings {
            let columns = mapping.properties.compactMap { property -> ColumnReference? in
                guard let column = property.connectionColumn, !column.isEmpty else { return nil }
                return ColumnReference(
                    mapping: mapping.identifier, property: property.identifier, attribute: "ConnectionColumn", written: column,
                    location: property.location)
            }
            if let item = context.driftItem(
                "EntityTypeMapping", mapping.identifier, mapping.connector, mapping.connectionTable,
                mapping.location, columns)
            {
                items.append(item)
            }
        }
        for mapping in c.entityAssociationMappings {
            let columns = [("Column1", mapping.column1), ("Column2", mapping.column2)].compactMap {
                attribute, column -> ColumnReference? in
                guard let column, !column.isEmpty else { return nil }
                return ColumnReference(mapping: mapping.identifier, property: nil, attribute: attribute, written: column, location: mapping.location)
            }
            if let item = context.driftItem(
                "EntityAssociationMapping", mapping.identifier, mapping.connector, mapping.connectionTable,
                mapping.location, columns)
            {
                items.append(item)
            }
        }
        return items
    }

    /// A column a mapping reads: a property mapping's `ConnectionColumn` (`property` is then
    /// the property's identifier), an association mapping's `Column1` or `Column2`.
    private struct ColumnReference {
        var mapping: String
        var property: String?
        var attribute: String
        var written: String
        var location: SourceLocation

        /// `HR_Person:CostCenter` for a property mapping, the association mapping otherwise.
        var subject: String { property.map { "\(mapping):\($0)" } ?? mapping }
    }

    private func driftItem(
        _ kind: String, _ identifier: String, _ connector: String?, _ table: String?,
        _ location: SourceLocation, _ columns: [ColumnReference]
    ) -> DriftItem? {
        guard let table, !table.isEmpty else { return nil }
        guard let (connection, _) = owningConnection(ofTable: table, connector: connector) else {
            return inferredDriftItem(kind, identifier, connector, table, location, columns)
        }
        let state = schemas[connection.identifier.lowercased()]
        var item = DriftItem(
            kind: kind, mapping: identifier, table: table, location: location, connection: connection,
            package: package(of: connection), state: state, outcome: .unverifiable, columns: [])
        guard let state, let snapshot = state.snapshot else { return item }
        let key = TableName.key(table)
        let found =
            snapshot.tables.first { $0.name == table } ?? snapshot.tables.first { $0.name == key }
            ?? snapshot.tables.first { $0.name.lowercased() == key.lowercased() }
        guard let found else {
            let removed = state.removed.first { $0.column == nil && $0.table.lowercased() == key.lowercased() }
            item.outcome = .tableMissing(removed)
            if let near = NameSuggestion.nearest(to: table, among: snapshot.tables.map(\.name)),
                let nearTable = snapshot.tables.first(where: { $0.name == near })
            {
                item.suggestion = NameSuggestion(near, reason: .similarName)
                item.columns = Self.compare(columns, with: nearTable, state: state)
            }
            return item
        }
        item.outcome = .found(found.name)
        item.columns = Self.compare(columns, with: found, state: state)
        return item
    }

    /// A mapping whose `ConnectionTable` starts with no connection identifier, compared with the
    /// schema its connector's connections have in force: when a table of one of them is near the
    /// name written (a typo: `BilingDb` for `BillingDb`), the table is missing with that table as
    /// suggestion, and the columns are compared with it; when the connector has a single
    /// connection with a schema in force, the table is missing from that schema. `nil` when no
    /// schema can tell (the `mapping-connection-table` warning then stands alone).
    private func inferredDriftItem(
        _ kind: String, _ identifier: String, _ connector: String?, _ table: String,
        _ location: SourceLocation, _ columns: [ColumnReference]
    ) -> DriftItem? {
        guard let connector, !connector.isEmpty else { return nil }
        let ofConnector = connectionsByConnector[connector.lowercased()] ?? []
        let known = ofConnector.compactMap { connection -> (Connection, ConnectionSchemaState, SchemaSnapshot)? in
            guard let state = schemas[connection.identifier.lowercased()], let snapshot = state.snapshot else { return nil }
            return (connection, state, snapshot)
        }
        let tables = known.flatMap { entry in entry.2.tables.map { (entry, $0) } }
        let near = NameSuggestion.nearest(to: table, among: tables.map(\.1.name)).flatMap { name in tables.first { $0.1.name == name } }
        guard let (connection, state, _) = near?.0 ?? (ofConnector.count == 1 ? known.first : nil) else { return nil }
        var item = DriftItem(
            kind: kind, mapping: identifier, table: table, location: location, connection: connection,
            package: package(of: connection), state: state, outcome: .tableMissing(nil), columns: [], namesNoConnection: true)
        if let (_, nearTable) = near {
            item.suggestion = NameSuggestion(nearTable.name, reason: .similarName)
            item.columns = Self.compare(columns, with: nearTable, state: state)
        }
        return item
    }

    /// The columns of `columns` that do not match a column of `table` exactly.
    private static func compare(_ columns: [ColumnReference], with table: TableSchema, state: ConnectionSchemaState) -> [DriftItem.Column] {
        columns.compactMap { column in
            let outcome: DriftItem.ColumnOutcome
            var suggestion: NameSuggestion?
            if table.columns.contains(column.written) {
                return nil
            } else if let actual = table.columns.first(where: { $0.lowercased() == column.written.lowercased() }) {
                outcome = .caseOnly(actual)
            } else {
                let removed = Self.removedColumn(column.written, of: table.name, in: state)
                outcome = .missing(removed)
                suggestion =
                    Self.renamed(removed, in: table, state: state)
                    ?? NameSuggestion.nearest(to: column.written, among: table.columns).map { NameSuggestion($0, reason: .similarName) }
            }
            return DriftItem.Column(
                subject: column.subject, attribute: column.attribute, written: column.written,
                location: column.location, outcome: outcome, suggestion: suggestion)
        }
    }

    /// What the history says of `column` of `table`, when an earlier snapshot had it.
    static func removedColumn(_ column: String, of table: String, in state: ConnectionSchemaState) -> RemovedSchemaItem? {
        state.removed.first { $0.table.lowercased() == table.lowercased() && $0.column?.lowercased() == column.lowercased() }
    }

    /// The name a removed column was renamed to, following later renames (`a` to `b`, then `b`
    /// to `c`), when the last one is a column of `table` in force.
    static func renamed(_ removed: RemovedSchemaItem?, in table: TableSchema, state: ConnectionSchemaState) -> NameSuggestion? {
        var next = removed?.renamedTo
        var steps = 0
        while let name = next, steps < 16 {
            if let actual = table.columns.first(where: { $0.lowercased() == name.lowercased() }) {
                return NameSuggestion(actual, reason: .renamed)
            }
            next = removedColumn(name, of: table.name, in: state)?.renamedTo
            steps += 1
        }
        return nil
    }
}
