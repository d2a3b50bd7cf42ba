/// Everything ConnectionCatalog keeps from a folder of Identity Manager XML configuration files,
/// merged across files in the order they were read (files sorted by relative path, elements in
/// document order).
public struct Configuration: Sendable, Equatable, Codable {
    public var agents: [Agent] = []
    public var connectors: [Connector] = []
    public var connections: [Connection] = []
    public var connectionTables: [DeclaredConnectionTable] = []
    public var entityTypes: [EntityType] = []
    public var entityTypeMappings: [EntityTypeMapping] = []
    public var entityAssociations: [EntityAssociation] = []
    public var entityAssociationMappings: [EntityAssociationMapping] = []
    public var resourceTypes: [ResourceType] = []
    public var resourceTypeMappings: [ResourceTypeMapping] = []
    public var exportTasks: [ExportTask] = []
    public var fulfillTasks: [FulfillTask] = []
    /// Job scaffoldings that generate export tasks. They decide which connections are exported
    /// (``ExportRole``); they are read for that and not stored as elements, so
    /// ``elementCount`` leaves them out.
    public var jobScaffoldings: [JobScaffolding] = []

    public init() {}

    /// Number of elements kept, children (properties, columns, task resource types) included.
    public var elementCount: Int {
        agents.count + connectors.count + connections.count
            + connectionTables.reduce(0) { $0 + 1 + $1.columns.count }
            + entityTypes.reduce(0) { $0 + 1 + $1.properties.count }
            + entityTypeMappings.reduce(0) { $0 + 1 + $1.properties.count }
            + entityAssociations.count + entityAssociationMappings.count
            + resourceTypes.count + resourceTypeMappings.count + exportTasks.count
            + fulfillTasks.reduce(0) { $0 + 1 + $1.taskResourceTypes.count }
    }

    /// Appends every element of `other` after this configuration's own.
    public mutating func append(contentsOf other: Configuration) {
        agents += other.agents
        connectors += other.connectors
        connections += other.connections
        connectionTables += other.connectionTables
        entityTypes += other.entityTypes
        entityTypeMappings += other.entityTypeMappings
        entityAssociations += other.entityAssociations
        entityAssociationMappings += other.entityAssociationMappings
        resourceTypes += other.resourceTypes
        resourceTypeMappings += other.resourceTypeMappings
        exportTasks += other.exportTasks
        fulfillTasks += other.fulfillTasks
        jobScaffoldings += other.jobScaffoldings
    }
}
