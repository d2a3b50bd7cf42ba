/// Whether a connection's configuration expects it to export, hence whether a schema refresh
/// that finds no export file of it is a failure.
///
/// The rule, from the documentation:
///
/// - A package without export (tickets, workflow, PowerShellProv, Robot Framework, ...) never
///   has export output: ``none``. Package reference pages,
///   `docs/identitymanager/6.1/integration-guide/connectors/references-packages/<name>/index.md`.
/// - `DeactivationExportFulfill` `1`/`Export` turns the export of a package that does both off:
///   ``deactivated``. `2`/`Fulfill` turns the fulfill off, so the connection exists to export.
///   XML Connection page,
///   `docs/identitymanager/6.1/integration-guide/toolkit/xml-configuration/connectors/connection/index.md`.
/// - A connection is exported (``expected``) when an ExportTask names it (or names its connector
///   without a connection), when a job scaffolding exports its connector
///   (`CreateConnectorSynchroComplete`/`Incremental`, `CreateAgentSynchroComplete`/`Incremental`,
///   `CreateInitializationJob`: their generated XML starts with one ExportTask per connection),
///   when its package only exports (CSV, SQL, LDIF, ...: such a connection exists to export; the
///   product's own upgrade marks CSV connections export-only), or when fulfill is deactivated.
///   ExportTask page (`.../jobs/tasks/agent/exporttask/index.md`), scaffolding pages
///   (`.../toolkit/xml-configuration/configuration/scaffoldings/jobs/*/index.md`).
/// - Otherwise a package that does both is used for fulfill only (``possible``): the
///   documentation's connector pages declare such pairs (`ADExport`/`ADFulfillment`,
///   `LDAPExport`/`LDAPFulfillment`, `MicrosoftEntraIDExport`/`MicrosoftEntraIDFulfillment`), and
///   the product's upgrade marks every connection that no export task uses as fulfill-only.
///   Its export files are read when there are some, and a connection whose earlier refresh read
///   export output is expected to have it again. Under a connector-wide export (a scaffolding, or
///   an ExportTask naming the connector only), the fulfill side of such a pair (a connection that
///   a resource type mapping or fulfill task uses, beside one of the same connector and package
///   that none uses) is taken to be the pair's fulfill side, not exported.
public enum ExportRole: Int, Sendable, Equatable, Codable, CaseIterable {
    /// The configuration exports the connection: no export file is a failure.
    case expected = 1
    /// Nothing in the configuration exports it, though its package could (or its package is
    /// unknown): files are read when present; none is `not_exported`, not a failure.
    case possible = 2
    /// `DeactivationExportFulfill` turns its export off: files are not its export output.
    case deactivated = 3
    /// Its package has no export: no schema, files are not its export output.
    case none = 4

    /// `expected`, `possible`, `deactivated`, `none`.
    public var name: String {
        switch self {
        case .expected: "expected"
        case .possible: "possible"
        case .deactivated: "deactivated"
        case .none: "none"
        }
    }
}

/// A connection's ``ExportRole`` and why, in words (`ExportTask HRFeed_Export names it`).
public struct ExportRoleDecision: Sendable, Equatable {
    public var role: ExportRole
    public var reason: String

    public init(role: ExportRole, reason: String) {
        self.role = role
        self.reason = reason
    }

    /// The decision for every Connection of `configuration`, by lower-cased identifier (the first
    /// declaration of an identifier wins, as everywhere else).
    public static func decide(for configuration: Configuration) -> [String: ExportRoleDecision] {
        var namedByTask: [String: String] = [:]  // connection → task that names it
        var connectorTasks: [String: String] = [:]  // connector → task that names it without a connection
        for task in configuration.exportTasks {
            let name = "ExportTask" + (task.identifier.map { " \($0)" } ?? "")
            if let connection = task.connection.map(WhitespaceTrim.trimmed), !connection.isEmpty {
                if namedByTask[Identifier.fold(connection)] == nil { namedByTask[Identifier.fold(connection)] = name }
            } else if let connector = task.connector.map(WhitespaceTrim.trimmed), !connector.isEmpty {
                if connectorTasks[Identifier.fold(connector)] == nil { connectorTasks[Identifier.fold(connector)] = name }
            }
        }
        // Connections that provisioning uses: resource type mappings and fulfill tasks name them.
        var fulfillUsed: Set<String> = []
        for mapping in configuration.resourceTypeMappings { if let c = mapping.connection { fulfillUsed.insert(Identifier.fold(c)) } }
        for task in configuration.fulfillTasks { if let c = task.connection { fulfillUsed.insert(Identifier.fold(c)) } }
        var result: [String: ExportRoleDecision] = [:]
        for connection in configuration.connections where !connection.identifier.isEmpty {
            let key = Identifier.fold(connection.identifier)
            guard result[key] == nil else { continue }
            // The export side of a pair: another connection of the same connector and package
            // that provisioning does not use.
            var exportSide: String?
            if fulfillUsed.contains(key), let connector = connection.connector.map(Identifier.fold) {
                let package = connection.package.flatMap(ConnectorPackage.named)?.identifier ?? connection.package
                exportSide =
                    configuration.connections.first { other in
                        Identifier.fold(other.identifier) != key && other.connector.map(Identifier.fold) == connector
                            && (other.package.flatMap(ConnectorPackage.named)?.identifier ?? other.package) == package
                            && !fulfillUsed.contains(Identifier.fold(other.identifier))
                    }?.identifier
            }
            result[key] = decide(
                connection, namedBy: namedByTask[key],
                connectorTask: connection.connector.flatMap { connectorTasks[Identifier.fold($0)] },
                scaffolding: connection.connector.flatMap { connector in
                    configuration.jobScaffoldings.first { $0.exports(connector: connector) }
                },
                pairedWith: exportSide)
        }
        return result
    }

    /// - Parameter pairedWith: the export side of the pair this connection is the fulfill side
    ///   of (see ``decide(for:)``): then a connector-wide export (scaffolding, ExportTask without
    ///   Connection) is taken to export the other one.
    static func decide(
        _ connection: Connection, namedBy task: String?, connectorTask: String?,
        scaffolding: JobScaffolding?, pairedWith exportSide: String? = nil
    ) -> ExportRoleDecision {
        let package = connection.package.flatMap(ConnectorPackage.named)
        let packageName = package.map { "\($0.displayName) (\($0.identifier))" } ?? connection.package.map { "package '\($0)'" } ?? "its package"
        if let package, !package.hasExport {
            return .init(role: .none, reason: "\(packageName) has no export")
        }
        switch connection.exportFulfillDeactivation {
        case .export:
            return .init(
                role: .deactivated, reason: "DeactivationExportFulfill=\"\(connection.attributes["DeactivationExportFulfill"] ?? "")\" turns its export off")
        case .fulfill:
            return .init(
                role: .expected,
                reason: "DeactivationExportFulfill=\"\(connection.attributes["DeactivationExportFulfill"] ?? "")\" turns its fulfill off: it exists to export")
        case .none:
            break
        }
        if let task { return .init(role: .expected, reason: "\(task) exports it") }
        if let exportSide, connectorTask != nil || scaffolding != nil, package?.hasFulfill ?? true {
            return .init(
                role: .possible,
                reason: "the fulfill side of a pair: provisioning uses it, and Connection \(exportSide) of the same connector and package is the one exported")
        }
        if let connectorTask { return .init(role: .expected, reason: "\(connectorTask) exports the connections of Connector \(connection.connector ?? "")") }
        if let scaffolding {
            let scope =
                JobScaffolding.connectorElements.contains(scaffolding.element)
                ? "Connector \(connection.connector ?? "")" : "every connector"
            return .init(role: .expected, reason: "job scaffolding \(scaffolding.element) exports the connections of \(scope)")
        }
        if let package, !package.hasFulfill {
            return .init(role: .expected, reason: "\(packageName) only exports")
        }
        return .init(role: .possible, reason: "no ExportTask or job scaffolding exports it and \(packageName) also fulfills: it is used for fulfill only")
    }
}

extension Connection {
    /// The part of the package `DeactivationExportFulfill` turns off.
    public enum ExportFulfillDeactivation: Sendable, Equatable { case none, export, fulfill }

    /// `DeactivationExportFulfill`: `0`/`None`, `1`/`Export` (export off), `2`/`Fulfill` (fulfill
    /// off); documented as numbers, written as names in the page's own example
    /// (`DeactivationExportFulfill="Fulfill"`). Absent or unknown values mean none.
    /// Doc: XML Connection page.
    public var exportFulfillDeactivation: ExportFulfillDeactivation {
        switch attributes["DeactivationExportFulfill"]?.trimmingCharacters(in: .whitespaces).lowercased() {
        case "1", "export": .export
        case "2", "fulfill": .fulfill
        default: .none
        }
    }
}
