/// A finding with the connection it concerns, for filtering findings by connection.
public struct AttributedFinding: Sendable, Equatable {
    public var finding: Finding
    /// The connection's identifier as the configuration declares it, or `nil` when the finding
    /// concerns no single connection (an element without a connection, the agent settings file as
    /// a whole, an export file that belongs to no connection).
    public var connection: String?

    public init(finding: Finding, connection: String?) {
        self.finding = finding
        self.connection = connection
    }
}

extension ConfigurationCheck {
    /// Runs every rule on the catalog's current state and names the connection each finding
    /// concerns (see ``connection(of:in:)``).
    /// - Throws: as ``run(in:)``.
    public static func runAttributed(in catalog: Catalog) throws -> [AttributedFinding] {
        let context = CheckContext(try input(from: catalog))
        var seen: Set<Finding> = []
        return rules.flatMap { $0.findings(in: context) }
            .filter { seen.insert($0).inserted }
            .sorted(by: Finding.precedes)
            .map { AttributedFinding(finding: $0, connection: connection(of: $0, in: context)) }
    }

    /// The connection a finding concerns, from its subject: a connection (`HRFeed`,
    /// `HRFeed:Password`), a mapping (`HR_Person`, `HR_Person:CostCenter`) through its
    /// `ConnectionTable`, a resource type mapping or task through its `Connection`, a connection
    /// table or export file (`HRFeed.csv`) through the connection whose identifier prefixes it.
    public static func connection(of finding: Finding, in context: CheckContext) -> String? {
        let subject = finding.subject
        let head = String(subject.split(separator: ":", maxSplits: 1).first ?? Substring(subject)).lowercased()
        if let connection = context.connections[head] { return connection.identifier }
        if let settings = context.settings[head] { return settings.connection }
        if let mapping = context.entityTypeMappings[head], let table = mapping.connectionTable {
            return context.owningConnection(ofTable: table, connector: mapping.connector)?.connection.identifier
        }
        // Keyed look-ups (the first element of that identifier), never a pass per finding.
        if let mapping = context.resourceTypeMappingsByIdentifier[head], let connection = mapping.connection {
            return context.connections[connection.lowercased()]?.identifier ?? connection
        }
        if let connection = context.exportTaskConnections[head] ?? context.fulfillTaskConnections[head] {
            return context.connections[connection.lowercased()]?.identifier ?? connection
        }
        return context.owningConnection(ofTable: subject, connector: nil)?.connection.identifier
    }
}
