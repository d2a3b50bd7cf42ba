/// `<ExportTask>`: runs a connection's export on an agent. `Identifier` is optional.
/// Doc: `.../jobs/tasks/agent/exporttask/index.md`.
public struct ExportTask: Sendable, Equatable, Codable {
    public var identifier: String?
    public var attributes: XMLAttributes
    public var location: SourceLocation
    public var displayName: String? { attributes.displayName }
    public var agent: String? { attributes["Agent"] }
    public var connection: String? { attributes["Connection"] }
    public var openIdClient: String? { attributes["OpenIdClient"] }
    public init(identifier: String?, attributes: XMLAttributes, location: SourceLocation) {
        self.identifier = identifier
        self.attributes = attributes
        self.location = location
    }
}

/// `<TaskResourceType>` child of a `<FulfillTask>`.
public struct TaskResourceType: Sendable, Equatable, Codable {
    public var attributes: XMLAttributes
    public var location: SourceLocation
    public var resourceType: String? { attributes["ResourceType"] }
    public init(attributes: XMLAttributes, location: SourceLocation) {
        self.attributes = attributes
        self.location = location
    }
}

/// `<FulfillTask>`. Doc: `.../jobs/tasks/agent/fulfilltask/index.md`.
public struct FulfillTask: Sendable, Equatable, Codable {
    public var identifier: String?
    public var attributes: XMLAttributes
    public var location: SourceLocation
    public var taskResourceTypes: [TaskResourceType]
    public var displayName: String? { attributes.displayName }
    public var agent: String? { attributes["Agent"] }
    public var connector: String? { attributes["Connector"] }
    public var connection: String? { attributes["Connection"] }
    public var openIdClient: String? { attributes["OpenIdClient"] }
    public init(identifier: String?, attributes: XMLAttributes, location: SourceLocation, taskResourceTypes: [TaskResourceType] = []) {
        self.identifier = identifier
        self.attributes = attributes
        self.location = location
        self.taskResourceTypes = taskResourceTypes
    }
}

extension ExportTask {
    /// → Connector identifier, as written. An ExportTask with a `Connector` and no `Connection`
    /// (as the connector jobs scaffolding generates it) exports the connector's connections.
    public var connector: String? { attributes["Connector"] }
}

/// A job scaffolding that generates export tasks (`<CreateConnectorSynchroComplete>`,
/// `<CreateConnectorSynchroIncremental>`, `<CreateAgentSynchroComplete>`,
/// `<CreateAgentSynchroIncremental>`, `<CreateInitializationJob>`): the job it writes starts
/// with an ExportTask per connection of the connector (connector scaffoldings) or of every
/// connector (agent scaffoldings), except connections whose export is deactivated.
/// Doc: `.../toolkit/xml-configuration/configuration/scaffoldings/jobs/<element>/index.md`
/// ("Generated XML"); release notes of the version that introduced `DeactivationExportFulfill`
/// ("a connection with Export disabled will no longer be used by Scaffoldings to create Export
/// Tasks in jobs").
public struct JobScaffolding: Sendable, Equatable, Codable {
    /// The element name (`CreateConnectorSynchroComplete`).
    public var element: String
    public var attributes: XMLAttributes
    public var location: SourceLocation
    /// `ConnectorIdentifier` of the `<NoConnectorSynchronization>` and `<NotUsed>` children (agent
    /// scaffoldings: no collect for that connector), as written.
    public var excludedConnectors: [String]
    /// A `<NoSynchronization>` child (connector scaffoldings: the job has no collect, hence no export).
    public var noSynchronization: Bool

    /// The scaffoldings whose job exports the connections of one connector (`Connector`).
    public static let connectorElements: Set<String> = ["CreateConnectorSynchroComplete", "CreateConnectorSynchroIncremental"]
    /// The scaffoldings whose job exports the connections of every connector.
    public static let agentElements: Set<String> = ["CreateAgentSynchroComplete", "CreateAgentSynchroIncremental", "CreateInitializationJob"]

    /// → Connector identifier, as written (connector scaffoldings).
    public var connector: String? { attributes["Connector"] }

    public init(
        element: String, attributes: XMLAttributes, location: SourceLocation,
        excludedConnectors: [String] = [], noSynchronization: Bool = false
    ) {
        self.element = element
        self.attributes = attributes
        self.location = location
        self.excludedConnectors = excludedConnectors
        self.noSynchronization = noSynchronization
    }

    /// Whether the job this scaffolding generates exports the connections of `connector`
    /// (compared case-insensitively).
    public func exports(connector: String) -> Bool {
        let wanted = connector.lowercased()
        if Self.connectorElements.contains(element) {
            return !noSynchronization && self.connector?.lowercased() == wanted
        }
        return Self.agentElements.contains(element) && !excludedConnectors.contains { $0.lowercased() == wanted }
    }
}
