/// One difference between two catalogs (``CatalogComparison``). JSON field names (snake_case)
/// are a contract: `kind`, `connection`, `subject`, `change`, `here`, `there`, then `attribute`.
public struct CatalogDifference: Sendable, Equatable, Hashable {
    /// What differs.
    public enum Kind: String, Sendable, Equatable, Hashable, CaseIterable {
        /// A Connection of the configuration (its XML attributes).
        case connection
        /// A table of a connection's schema in force.
        case table
        /// A column of a table that both schemas in force have.
        case column
        /// An EntityTypeMapping, one of its Properties, or an EntityAssociationMapping.
        case mapping
        /// An agent setting of a connection (or a secret outside `Connections`).
        case setting
    }

    /// Where it is.
    public enum Change: String, Sendable, Equatable, Hashable {
        /// Only in this catalog.
        case onlyHere = "only_here"
        /// Only in the other catalog.
        case onlyThere = "only_there"
        /// In both, with another value (``CatalogDifference/attribute`` says which).
        case differs
    }

    /// What differs: a connection, table, column, mapping or setting.
    public var kind: Kind
    /// The connection concerned: the Connection itself, the table's, the mapping's (the owner of
    /// its ConnectionTable), the setting's; `nil` when there is none.
    public var connection: String?
    /// The element: a connection identifier, a table name, `table.column`, a mapping identifier
    /// or `Mapping:Property`, a setting key (`Servers:0:Server`).
    public var subject: String
    /// For `differs`: the attribute, setting part or fact that differs (`Package`,
    /// `ConnectionColumn`, `value`, `state`, `kind`, `fingerprint`, `name`, or `position` for a
    /// column whose order among the columns both tables have differs); `nil` otherwise.
    public var attribute: String?
    /// Whether it is only here, only there, or in both with another value.
    public var change: Change
    /// The value here: for `differs`, the attribute's value (`nil` when absent); for the other
    /// changes, a short description of what is there (a package, `8 columns`, a column's
    /// position, a mapping's ConnectionTable or ConnectionColumn, a setting's value or, for a
    /// secret, only `set` or `absent`). Never a secret's value.
    public var here: String?
    /// The value in the other catalog, as ``here``.
    public var there: String?

    /// A difference; see the properties.
    public init(
        kind: Kind, connection: String?, subject: String, attribute: String? = nil, change: Change,
        here: String?, there: String?
    ) {
        self.kind = kind
        self.connection = connection
        self.subject = subject
        self.attribute = attribute
        self.change = change
        self.here = here
        self.there = there
    }
}

/// What differs between two catalogs, such as a development and a production environment:
/// connections (their XML attributes), the tables and columns of each connection's schema in
/// force, mappings (EntityTypeMappings with their Properties, EntityAssociationMappings) and
/// agent settings.
///
/// Identifiers, table, column and setting names are matched case-insensitively, as the product
/// matches them; a name spelled differently only by case is a `differs` row on `name`. Columns
/// are compared only for tables both catalogs have (a column moved among the columns both have is
/// a `differs` row on `position`, as `column_moved` in a schema diff), and a mapping's Properties only for mappings
/// both have. Secret values are never compared, since no catalog holds them: two secrets compare
/// by `state` (`set` or `absent`) and `kind` (`plain`, `encrypted`, ...), and by `fingerprint` only
/// when both catalogs fingerprinted them with the same key; otherwise a fingerprint difference
/// cannot be seen and is not reported. A secret that one catalog recorded nothing about (made by an
/// older conncat) is not compared.
public enum CatalogComparison {
    /// The differences between `here` and `there`, sorted by connection (case-insensitively;
    /// rows without a connection last), then kind (in ``CatalogDifference/Kind`` order), subject
    /// and attribute.
    /// - Throws: ``CatalogError/noConfiguration(path:)`` when either catalog holds no import; a
    ///   `DatabaseError` when one cannot be read.
    public static func run(here: Catalog, there: Catalog) throws -> [CatalogDifference] {
        let a = try Side(here)
        let b = try Side(there)
        var rows: [CatalogDifference] = []
        rows += compareConnections(a, b)
        rows += compareSchemas(a, b)
        rows += compareMappings(a, b)
        rows += compareSettings(a, b)
        let order = Dictionary(uniqueKeysWithValues: CatalogDifference.Kind.allCases.enumerated().map { ($1, $0) })
        return rows.sorted { x, y in
            let (cx, cy) = (x.connection?.lowercased(), y.connection?.lowercased())
            if cx != cy {
                guard let cx else { return false }
                guard let cy else { return true }
                return cx < cy
            }
            if x.kind != y.kind { return order[x.kind]! < order[y.kind]! }
            if x.subject.lowercased() != y.subject.lowercased() { return x.subject.lowercased() < y.subject.lowercased() }
            if x.subject != y.subject { return x.subject < y.subject }
            return (x.attribute ?? "") < (y.attribute ?? "")
        }
    }

    /// What one catalog holds, loaded once.
    struct Side {
        var configuration: Configuration
        var context: CheckContext
        var columns: [AvailableColumn]
        var settings: [StoredSetting]

        init(_ catalog: Catalog) throws {
            guard try catalog.latestImport() != nil else { throw CatalogError.noConfiguration(path: catalog.path) }
            configuration = try catalog.mappingConfiguration()
            context = CheckContext(CheckInput(configuration: configuration))
            columns = try catalog.availableColumns(connection: nil, tables: nil, asOf: nil)
            settings = try catalog.storedSettings(connection: nil).settings
        }

        /// The connection a ConnectionTable belongs to, as this catalog's configuration says.
        func owner(ofTable table: String?, connector: String?) -> String? {
            guard let table, !table.isEmpty else { return nil }
            return context.owningConnection(ofTable: table, connector: connector)?.connection.identifier
        }
    }

    /// Pairs of elements matched by lower-cased key, in the order of `here` then the rest of `there`.
    static func pairs<T>(_ here: [T], _ there: [T], key: (T) -> String) -> [(here: T?, there: T?)] {
        var byKey: [String: T] = [:]
        for element in there where byKey[key(element).lowercased()] == nil { byKey[key(element).lowercased()] = element }
        var seen: Set<String> = []
        var result: [(T?, T?)] = []
        for element in here where seen.insert(key(element).lowercased()).inserted {
            result.append((element, byKey[key(element).lowercased()]))
        }
        for element in there where seen.insert(key(element).lowercased()).inserted { result.append((nil, element)) }
        return result
    }

    /// One `differs` row per attribute whose value differs (attribute names compared
    /// case-insensitively), `Identifier` aside, and one on `name` when the identifiers differ by case.
    static func attributeRows(
        _ kind: CatalogDifference.Kind, connection: String?, subject: String,
        here: XMLAttributes, there: XMLAttributes, hereName: String, thereName: String
    ) -> [CatalogDifference] {
        var rows: [CatalogDifference] = []
        if hereName != thereName {
            rows.append(
                CatalogDifference(
                    kind: kind, connection: connection, subject: subject, attribute: "name",
                    change: .differs, here: hereName, there: thereName))
        }
        let names = pairs(here.items, there.items, key: \.name)
        for (a, b) in names {
            let name = (a ?? b)!.name
            guard name.lowercased() != "identifier", a?.value != b?.value else { continue }
            rows.append(
                CatalogDifference(
                    kind: kind, connection: connection, subject: subject, attribute: name,
                    change: .differs, here: a?.value, there: b?.value))
        }
        return rows
    }

    /// The rows for two lists of elements of one `kind`, paired by `key` case-insensitively
    /// (``pairs(_:_:key:)``): an element on one side only is one `onlyHere` or `onlyThere` row,
    /// with the connection, subject and short description `oneSided` gives for it (`isHere` tells
    /// its side); an element on both sides gives the rows of `both`.
    static func differences<T>(
        _ kind: CatalogDifference.Kind, _ here: [T], _ there: [T], key: (T) -> String,
        oneSided: (_ element: T, _ isHere: Bool) -> (connection: String?, subject: String, described: String?),
        both: (_ here: T, _ there: T) -> [CatalogDifference]
    ) -> [CatalogDifference] {
        pairs(here, there, key: key).flatMap { x, y -> [CatalogDifference] in
            guard let x, let y else {
                let isHere = x != nil
                let row = oneSided((x ?? y)!, isHere)
                return [
                    CatalogDifference(
                        kind: kind, connection: row.connection, subject: row.subject,
                        change: isHere ? .onlyHere : .onlyThere,
                        here: isHere ? row.described : nil, there: isHere ? nil : row.described)
                ]
            }
            return both(x, y)
        }
    }

    static func compareConnections(_ a: Side, _ b: Side) -> [CatalogDifference] {
        differences(
            .connection, a.configuration.connections, b.configuration.connections, key: \.identifier,
            oneSided: { connection, _ in (connection.identifier, connection.identifier, connection.package ?? "declared") },
            both: { here, there in
                attributeRows(
                    .connection, connection: here.identifier, subject: here.identifier, here: here.attributes,
                    there: there.attributes, hereName: here.identifier, thereName: there.identifier)
            })
    }

    static func compareSchemas(_ a: Side, _ b: Side) -> [CatalogDifference] {
        struct Table {
            var connection: String
            var name: String
            var columns: [AvailableColumn]
        }
        func tables(_ columns: [AvailableColumn]) -> [Table] {
            var result: [Table] = []
            for column in columns {
                if result.last?.connection == column.connection, result.last?.name == column.table {
                    result[result.count - 1].columns.append(column)
                } else {
                    result.append(Table(connection: column.connection, name: column.table, columns: [column]))
                }
            }
            return result
        }
        /// A `differs` row on `name` when the two sides spell an element differently (by case).
        func nameRows(_ kind: CatalogDifference.Kind, _ connection: String, _ subject: String, _ x: String, _ y: String)
            -> [CatalogDifference]
        {
            x == y
                ? []
                : [
                    CatalogDifference(
                        kind: kind, connection: connection, subject: subject, attribute: "name", change: .differs, here: x,
                        there: y)
                ]
        }
        return differences(
            .table, tables(a.columns), tables(b.columns), key: { "\($0.connection)\u{0}\($0.name)" },
            oneSided: { table, _ in (table.connection, table.name, plural(table.columns.count, "column")) },
            both: { here, there in
                nameRows(.table, here.connection, here.name, here.name, there.name)
                    + differences(
                        .column, here.columns, there.columns, key: \.column,
                        oneSided: { column, _ in (here.connection, "\(here.name).\(column.column)", "position \(column.position)") },
                        both: { x, y in nameRows(.column, here.connection, "\(here.name).\(x.column)", x.column, y.column) })
                    + movedColumnRows(connection: here.connection, table: here.name, here: here.columns, there: there.columns)
            })
    }

    /// One `differs` row on `position` per moved column of a table both catalogs have: a column
    /// that both have whose order among the columns both have differs, as `column_moved` of a
    /// schema diff from `there` to `here` (``SchemaSnapshot/diff(to:)``): the columns kept in
    /// place are a longest common subsequence of the two orders, so one column moved is one row,
    /// and a column whose position shifted only because another column was added or removed
    /// before it is not moved (the added or removed column is its own `only_here`/`only_there`
    /// row). `here` and `there` are `position N` (1-based, in each header) and the column it
    /// follows among the columns both have (`position 3, after first_name`; `position 1, before first_name` for the first):
    /// an insertion before it can leave a moved column at the same position number.
    static func movedColumnRows(
        connection: String, table: String, here: [AvailableColumn], there: [AvailableColumn]
    ) -> [CatalogDifference] {
        let hereKeys = Set(here.map { $0.column.lowercased() })
        let thereKeys = Set(there.map { $0.column.lowercased() })
        func order(_ columns: [AvailableColumn], keeping other: Set<String>) -> [String] {
            var seen: Set<String> = []
            return columns.map { $0.column.lowercased() }.filter { other.contains($0) && seen.insert($0).inserted }
        }
        let hereOrder = order(here, keeping: thereKeys)
        let thereOrder = order(there, keeping: hereKeys)
        guard hereOrder != thereOrder else { return [] }
        let stable = Set(SchemaSnapshot.longestCommonSubsequence(thereOrder, hereOrder))
        let therePositions = Dictionary(there.map { ($0.column.lowercased(), $0.position) }, uniquingKeysWith: { first, _ in first })
        let names = Dictionary((there + here).map { ($0.column.lowercased(), $0.column) }, uniquingKeysWith: { _, last in last })
        func place(_ position: Int, of key: String, in order: [String]) -> String {
            guard let index = order.firstIndex(of: key) else { return "position \(position)" }
            let neighbour = index == 0 ? order[1] : order[index - 1]
            return "position \(position), \(index == 0 ? "before" : "after") \(names[neighbour] ?? neighbour)"
        }
        var seen: Set<String> = []
        return here.compactMap { column in
            let key = column.column.lowercased()
            guard thereKeys.contains(key), !stable.contains(key), seen.insert(key).inserted, let was = therePositions[key] else { return nil }
            return CatalogDifference(
                kind: .column, connection: connection, subject: "\(table).\(column.column)", attribute: "position",
                change: .differs, here: place(column.position, of: key, in: hereOrder), there: place(was, of: key, in: thereOrder))
        }
    }

    static func compareMappings(_ a: Side, _ b: Side) -> [CatalogDifference] {
        /// The connection owning a mapping's ConnectionTable, as the catalog of its side (else
        /// the other's) says.
        func owner(_ here: (table: String?, connector: String?)?, _ there: (table: String?, connector: String?)?) -> String? {
            here.flatMap { a.owner(ofTable: $0.table, connector: $0.connector) }
                ?? there.flatMap { b.owner(ofTable: $0.table, connector: $0.connector) }
        }
        func oneSided(_ table: String?, _ connector: String?, _ identifier: String, _ isHere: Bool)
            -> (connection: String?, subject: String, described: String?)
        {
            let side = (table, connector)
            return (owner(isHere ? side : nil, isHere ? nil : side), identifier, table ?? "")
        }
        let entityTypes = differences(
            .mapping, a.configuration.entityTypeMappings, b.configuration.entityTypeMappings, key: \.identifier,
            oneSided: { mapping, isHere in oneSided(mapping.connectionTable, mapping.connector, mapping.identifier, isHere) },
            both: { here, there in
                let connection = owner((here.connectionTable, here.connector), (there.connectionTable, there.connector))
                return attributeRows(
                    .mapping, connection: connection, subject: here.identifier, here: here.attributes,
                    there: there.attributes, hereName: here.identifier, thereName: there.identifier)
                    + differences(
                        .mapping, here.properties, there.properties, key: \.identifier,
                        oneSided: { property, _ in
                            (connection, "\(here.identifier):\(property.identifier)", property.connectionColumn ?? "")
                        },
                        both: { x, y in
                            attributeRows(
                                .mapping, connection: connection, subject: "\(here.identifier):\(x.identifier)",
                                here: x.attributes, there: y.attributes, hereName: x.identifier, thereName: y.identifier)
                        })
            })
        let associations = differences(
            .mapping, a.configuration.entityAssociationMappings, b.configuration.entityAssociationMappings,
            key: \.identifier,
            oneSided: { mapping, isHere in oneSided(mapping.connectionTable, mapping.connector, mapping.identifier, isHere) },
            both: { here, there in
                attributeRows(
                    .mapping, connection: owner((here.connectionTable, here.connector), (there.connectionTable, there.connector)),
                    subject: here.identifier, here: here.attributes, there: there.attributes, hereName: here.identifier,
                    thereName: there.identifier)
            })
        return entityTypes + associations
    }

    static func compareSettings(_ a: Side, _ b: Side) -> [CatalogDifference] {
        /// What a setting shows without its secret: a public value, or a secret's state.
        func described(_ setting: StoredSetting) -> String? {
            setting.secret ? (setting.latest?.state.rawValue ?? "unknown") : setting.value
        }
        return differences(
            .setting, a.settings, b.settings, key: { "\($0.connection ?? "")\u{0}\($0.key)" },
            oneSided: { setting, _ in (setting.connection, setting.key, described(setting)) },
            both: settingRows)
    }

    /// The `differs` rows of a setting both catalogs hold: its name's spelling, its value, or
    /// for a secret what is known of it (never its value).
    static func settingRows(_ here: StoredSetting, _ there: StoredSetting) -> [CatalogDifference] {
        var rows: [CatalogDifference] = []
        func differs(_ attribute: String, _ x: String?, _ y: String?) {
            guard x != y else { return }
            rows.append(
                CatalogDifference(
                    kind: .setting, connection: here.connection ?? there.connection, subject: here.key,
                    attribute: attribute, change: .differs, here: x, there: y))
        }
        if here.key != there.key { differs("name", here.key, there.key) }
        guard here.secret || there.secret else {
            differs("value", here.value, there.value)
            return rows
        }
        if here.secret != there.secret {
            differs("secret", String(here.secret), String(there.secret))
            return rows
        }
        // A catalog made by a conncat that did not record secrets knows nothing of them: unknown
        // is not a difference.
        guard let x = here.latest, let y = there.latest else { return rows }
        differs("state", x.state.rawValue, y.state.rawValue)
        guard x.state == y.state, x.state == .set else { return rows }
        differs("kind", x.kind.rawValue, y.kind.rawValue)
        // Only fingerprints made with the same key say anything; never show them.
        if let fx = x.fingerprint, let fy = y.fingerprint, fx.keyID == fy.keyID, fx.value != fy.value, x.kind == y.kind {
            differs("fingerprint", "set", "set (another value)")
        }
        return rows
    }

    static func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
}
