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
        self.identifier = identifier; self.attributes = attributes; self.location = location
    }
}

/// `<TaskResourceType>` child of a `<FulfillTask>`.
public struct TaskResourceType: Sendable, Equatable, Codable {
    public var attributes: XMLAttributes
    public var location: SourceLocation
    public var resourceType: String? { attributes["ResourceType"] }
    public init(attributes: XMLAttributes, location: SourceLocation) {
        self.attributes = attributes; self.location = location
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
        self.identifier = identifier; self.attributes = attributes; self.location = location; self.taskResourceTypes = taskResourceTypes
    }
}
