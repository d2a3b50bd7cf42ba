/// `<Property>` of an `<EntityTypeMapping>` (the product's EntityPropertyMapping): maps an entity
/// type property to a ConnectionColumn. Doc: `.../connectors/entitytypemapping/index.md`.
public struct PropertyMapping: Sendable, Equatable, Codable {
    /// The EntityType property identifier.
    public var identifier: String
    public var attributes: XMLAttributes
    public var location: SourceLocation
    /// Source column in the mapping's ConnectionTable, as written.
    public var connectionColumn: String? { attributes["ConnectionColumn"] }
    public var format: String? { attributes["Format"] }
    public var isPrimaryKey: Bool { attributes.bool("IsPrimaryKey") }
    public var isUniqueKey: Bool { attributes.bool("IsUniqueKey") }
    public init(identifier: String, attributes: XMLAttributes, location: SourceLocation) {
        self.identifier = identifier
        self.attributes = attributes
        self.location = location
    }
}

/// `<EntityTypeMapping>`: maps an EntityType (same identifier) to a ConnectionTable.
/// Doc: `.../connectors/entitytypemapping/index.md`.
public struct EntityTypeMapping: Sendable, Equatable, Codable {
    /// Equals the EntityType identifier.
    public var identifier: String
    public var attributes: XMLAttributes
    public var location: SourceLocation
    public var properties: [PropertyMapping]
    public var connector: String? { attributes["Connector"] }
    /// The ConnectionTable as written (may carry a trailing `.csv`, as documentation examples do).
    public var connectionTable: String? { attributes["ConnectionTable"] }
    public init(identifier: String, attributes: XMLAttributes, location: SourceLocation, properties: [PropertyMapping] = []) {
        self.identifier = identifier
        self.attributes = attributes
        self.location = location
        self.properties = properties
    }
}

/// `<EntityAssociation>`. Doc: `.../metadata/entityassociation/index.md`.
public struct EntityAssociation: Sendable, Equatable, Codable {
    public var identifier: String
    public var attributes: XMLAttributes
    public var location: SourceLocation
    /// `EntityType:Property` as written.
    public var property1: String? { attributes["Property1"] }
    public var property2: String? { attributes["Property2"] }
    public init(identifier: String, attributes: XMLAttributes, location: SourceLocation) {
        self.identifier = identifier
        self.attributes = attributes
        self.location = location
    }
}

/// `<EntityAssociationMapping>`: maps an association to two columns of a ConnectionTable.
/// Doc: `.../connectors/entityassociationmapping/index.md`.
public struct EntityAssociationMapping: Sendable, Equatable, Codable {
    public var identifier: String
    public var attributes: XMLAttributes
    public var location: SourceLocation
    public var connector: String? { attributes["Connector"] }
    public var connectionTable: String? { attributes["ConnectionTable"] }
    public var column1: String? { attributes["Column1"] }
    public var column2: String? { attributes["Column2"] }
    public var entityPropertyMapping1: String? { attributes["EntityPropertyMapping1"] }
    public var entityPropertyMapping2: String? { attributes["EntityPropertyMapping2"] }
    public init(identifier: String, attributes: XMLAttributes, location: SourceLocation) {
        self.identifier = identifier
        self.attributes = attributes
        self.location = location
    }
}

/// `<ResourceType>` (subset). Doc: `.../provisioning/resourcetype/index.md`.
public struct ResourceType: Sendable, Equatable, Codable {
    public var identifier: String
    public var attributes: XMLAttributes
    public var location: SourceLocation
    public var displayName: String? { attributes.displayName }
    public var sourceEntityType: String? { attributes["SourceEntityType"] }
    public var targetEntityType: String? { attributes["TargetEntityType"] }
    public init(identifier: String, attributes: XMLAttributes, location: SourceLocation) {
        self.identifier = identifier
        self.attributes = attributes
        self.location = location
    }
}

/// `<ResourceTypeMapping>` or a typed one (`LdapResourceTypeMapping`, ...): `element` keeps the
/// element name. Doc: `.../connectors/resourcetypemappings/index.md`.
public struct ResourceTypeMapping: Sendable, Equatable, Codable {
    public var element: String
    /// Equals the ResourceType identifier.
    public var identifier: String
    public var attributes: XMLAttributes
    public var location: SourceLocation
    public var connection: String? { attributes["Connection"] }
    public init(element: String, identifier: String, attributes: XMLAttributes, location: SourceLocation) {
        self.element = element
        self.identifier = identifier
        self.attributes = attributes
        self.location = location
    }
}
