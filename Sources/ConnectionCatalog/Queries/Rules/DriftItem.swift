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

    enum ColumnOutcome: Sendable {
        case exact
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
    /// Columns compared, when the table was found.
    var columns: [Column]

    /// The snapshot's name of the table, when found.
    var snapshotTable: String? {
        if case .found(let name) = outcome { return name }
        return nil
    }
}

extension CheckContext {
    /// Every mapping with a ConnectionTable that belongs to a connection, compared with that
    /// connection's schema in force, in configuration order (EntityTypeMappings first).
    static func driftItems(_ context: CheckContext) -> [DriftItem] {
        var items: [DriftItem] = []
        let c = context.configuration
        for mapping in c.entityTypeMappings {
            let columns = mapping.properties.compactMap { property -> (String, String, String, SourceLocation)? in
                guard let column = property.connectionColumn, !column.isEmpty else { return nil }
                return ("\(mapping.identifier):\(property.identifier)", "ConnectionColumn", column, property.location)
            }
            if let item = context.driftItem("EntityTypeMapping", mapping.identifier, mapping.connector, mapping.connectionTable,
                                            mapping.location, columns) {
                items.append(item)
            }
        }
        for mapping in c.entityAssociationMappings {
            let columns = [("Column1", mapping.column1), ("Column2", mapping.column2)].compactMap { attribute, column -> (String, String, String, SourceLocation)? in
                guard let column, !column.isEmpty else { return nil }
                return (mapping.identifier, attribute, column, mapping.location)
            }
            if let item = context.driftItem("EntityAssociationMapping", mapping.identifier, mapping.connector, mapping.connectionTable,
                                            mapping.location, columns) {
                items.append(item)
            }
        }
        return items
    }

    private func driftItem(_ kind: String, _ identifier: String, _ connector: String?, _ table: String?,
                           _ location: SourceLocation,
                           _ columns: [(subject: String, attribute: String, written: String, location: SourceLocation)]) -> DriftItem? {
        guard let table, !table.isEmpty, let (connection, _) = owningConnection(ofTable: table, connector: connector) else { return nil }
        let state = schemas[connection.identifier.lowercased()]
        var item = DriftItem(kind: kind, mapping: identifier, table: table, location: location, connection: connection,
                             package: package(of: connection), state: state, outcome: .unverifiable, columns: [])
        guard let state, let snapshot = state.snapshot else { return item }
        let key = TableName.key(table)
        let found = snapshot.tables.first { $0.name == table } ?? snapshot.tables.first { $0.name == key }
            ?? snapshot.tables.first { $0.name.lowercased() == key.lowercased() }
        guard let found else {
            let removed = state.removed.first { $0.column == nil && $0.table.lowercased() == key.lowercased() }
            item.outcome = .tableMissing(removed)
            return item
        }
        item.outcome = .found(found.name)
        item.columns = columns.map { column in
            let outcome: DriftItem.ColumnOutcome
            if found.columns.contains(column.written) {
                outcome = .exact
            } else if let actual = found.columns.first(where: { $0.lowercased() == column.written.lowercased() }) {
                outcome = .caseOnly(actual)
            } else {
                outcome = .missing(state.removed.first {
                    $0.table.lowercased() == found.name.lowercased() && $0.column?.lowercased() == column.written.lowercased()
                })
            }
            return DriftItem.Column(subject: column.subject, attribute: column.attribute, written: column.written,
                                    location: column.location, outcome: outcome)
        }
        return item
    }
}
