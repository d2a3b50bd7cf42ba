// The configuration elements ConnectionCatalog imports, as plain values.
// Each keeps its identifier and references as written (resolution is the configuration check's
// job), every attribute in `attributes`, and where it was declared.
// Element reference: docs/identitymanager/6.1/integration-guide/toolkit/xml-configuration/.

/// `<Agent>`: where tasks run. Doc: `.../connectors/agent/index.md`.
public struct Agent: Sendable, Equatable, Codable {
    public var identifier: String
    public var attributes: XMLAttributes
    public var location: SourceLocation
    public var displayName: String? { attributes.displayName }
    public var uri: String? { attributes["URI"] }
    public init(identifier: String, attributes: XMLAttributes, location: SourceLocation) {
        self.identifier = identifier
        self.attributes = attributes
        self.location = location
    }
}

/// `<Connector>`: groups connections, entity types and mappings. Doc: `.../connectors/connector/index.md`.
public struct Connector: Sendable, Equatable, Codable {
    public var identifier: String
    public var attributes: XMLAttributes
    public var location: SourceLocation
    public var displayName: String? { attributes.displayName }
    /// → Agent identifier, as written.
    public var agent: String? { attributes["Agent"] }
    public init(identifier: String, attributes: XMLAttributes, location: SourceLocation) {
        self.identifier = identifier
        self.attributes = attributes
        self.location = location
    }
}

/// `<Connection>`: one link between a connector and a managed system, through a Package.
/// Its identifier is also the key of its settings under `Connections` in `appsettings.agent.json`
/// and the prefix of its export files. Doc: `.../connectors/connection/index.md`.
public struct Connection: Sendable, Equatable, Codable {
    public var identifier: String
    public var attributes: XMLAttributes
    public var location: SourceLocation
    public var displayName: String? { attributes.displayName }
    /// → Connector identifier, as written.
    public var connector: String? { attributes["Connector"] }
    /// Package identifier (`Usercube.AD@0000001`) or display name, as written.
    public var package: String? { attributes["Package"] }
    public init(identifier: String, attributes: XMLAttributes, location: SourceLocation) {
        self.identifier = identifier
        self.attributes = attributes
        self.location = location
    }
}

/// A `<Column>` child of a `<ConnectionTable>`. Doc: `.../connectors/connectiontable/index.md`.
public struct DeclaredColumn: Sendable, Equatable, Codable {
    public var identifier: String
    public var attributes: XMLAttributes
    public var location: SourceLocation
    public init(identifier: String, attributes: XMLAttributes, location: SourceLocation) {
        self.identifier = identifier
        self.attributes = attributes
        self.location = location
    }
}

/// `<ConnectionTable>` declared in the XML, with its `<Column>` children in document order.
public struct DeclaredConnectionTable: Sendable, Equatable, Codable {
    public var identifier: String
    public var attributes: XMLAttributes
    public var location: SourceLocation
    public var columns: [DeclaredColumn]
    /// → Connection identifier, as written.
    public var connection: String? { attributes["Connection"] }
    public init(identifier: String, attributes: XMLAttributes, location: SourceLocation, columns: [DeclaredColumn] = []) {
        self.identifier = identifier
        self.attributes = attributes
        self.location = location
        self.columns = columns
    }
}

/// `<Property>` of an `<EntityType>`. Doc: `.../metadata/entitytype/index.md`.
public struct EntityProperty: Sendable, Equatable, Codable {
    public var identifier: String
    public var attributes: XMLAttributes
    public var location: SourceLocation
    public var type: String? { attributes["Type"] }
    public var isKey: Bool { attributes.bool("IsKey") }
    public init(identifier: String, attributes: XMLAttributes, location: SourceLocation) {
        self.identifier = identifier
        self.attributes = attributes
        self.location = location
    }
}

/// `<EntityType>` with its properties. Doc: `.../metadata/entitytype/index.md`.
public struct EntityType: Sendable, Equatable, Codable {
    public var identifier: String
    public var attributes: XMLAttributes
    public var location: SourceLocation
    public var properties: [EntityProperty]
    public var displayName: String? { attributes.displayName }
    public init(identifier: String, attributes: XMLAttributes, location: SourceLocation, properties: [EntityProperty] = []) {
        self.identifier = identifier
        self.attributes = attributes
        self.location = location
        self.properties = properties
    }
}
