import CLibXML2

/// Turns the element stream of one configuration file into a ``Configuration``.
///
/// Elements are matched by local name wherever they are (in any namespace, at any depth, e.g.
/// tasks inside a `<Job>`). `Property`, `Column` and `TaskResourceType` count only as direct
/// children of their parent element. Everything else is skipped, but its children are still read.
///
/// With a chunk handler, the elements are handed over in chunks as the file is read: once
/// `chunkElements` elements are pending, they go to the handler before the next element that
/// starts outside every parent element (an element is never split from its children), and
/// ``configuration`` then starts empty again. The caller hands over what is left at the end.
final class ConfigurationBuilder: XMLStreamDelegate {
    private(set) var configuration = Configuration()
    private let file: String
    private let chunkElements: Int
    private let chunk: ((Configuration) throws -> Void)?
    /// Elements read since the last chunk.
    private(set) var pendingElements = 0
    /// Open frames that index into ``configuration`` (elements whose children are collected).
    private var openParents = 0
    /// The error the chunk handler threw: it stopped the parse, and is the one to report.
    private(set) var chunkFailure: (any Error)?

    /// What an element name stands for; `resourceTypeMapping` carries the element name.
    private enum Kind {
        case agent, connector, connection, connectionTable, column, entityType, entityTypeMapping, property
        case entityAssociation, entityAssociationMapping, resourceType, resourceTypeMapping(String)
        case exportTask, fulfillTask, taskResourceType, jobScaffolding(String), scaffoldingExclusion, noSynchronization, other
    }

    /// An open element, as far as its children are concerned: the index of the parent value
    /// children are added to.
    private enum Frame {
        case other, connectionTable(Int), entityType(Int), entityTypeMapping(Int), fulfillTask(Int), jobScaffolding(Int)
    }

    private var frames: [Frame] = []
    /// Kinds by interned local-name pointer, so a name becomes a Swift string once per document.
    private var kinds: [UnsafeRawPointer: Kind] = [:]

    init(file: String, chunkElements: Int = .max, chunk: ((Configuration) throws -> Void)? = nil) {
        self.file = file
        self.chunkElements = max(1, chunkElements)
        self.chunk = chunk
        frames.reserveCapacity(64)
    }

    /// Hands the pending elements to the chunk handler, and starts an empty configuration.
    func handOver() throws {
        guard let chunk, pendingElements > 0 else { return }
        let part = configuration
        configuration = Configuration()
        pendingElements = 0
        do { try chunk(part) } catch {
            chunkFailure = error
            throw error
        }
    }

    func startElement(_ tag: XMLStartTag) throws {
        if chunk != nil, openParents == 0, pendingElements >= chunkElements { try handOver() }
        let kind = kinds[UnsafeRawPointer(tag.localName)] ?? classify(tag)
        let parent = frames.last ?? .other
        var frame = Frame.other
        switch kind {
        case .other:
            break
        case .agent:
            let (id, attributes, location) = try read(tag)
            configuration.agents.append(Agent(identifier: id ?? "", attributes: attributes, location: location))
        case .connector:
            let (id, attributes, location) = try read(tag)
            configuration.connectors.append(Connector(identifier: id ?? "", attributes: attributes, location: location))
        case .connection:
            let (id, attributes, location) = try read(tag)
            configuration.connections.append(Connection(identifier: id ?? "", attributes: attributes, location: location))
        case .connectionTable:
            let (id, attributes, location) = try read(tag)
            frame = .connectionTable(configuration.connectionTables.count)
            configuration.connectionTables.append(
                DeclaredConnectionTable(identifier: id ?? "", attributes: attributes, location: location))
        case .column:
            guard case .connectionTable(let index) = parent else { break }
            let (id, attributes, location) = try read(tag)
            configuration.connectionTables[index].columns.append(
                DeclaredColumn(identifier: id ?? "", attributes: attributes, location: location))
        case .entityType:
            let (id, attributes, location) = try read(tag)
            frame = .entityType(configuration.entityTypes.count)
            configuration.entityTypes.append(EntityType(identifier: id ?? "", attributes: attributes, location: location))
        case .entityTypeMapping:
            let (id, attributes, location) = try read(tag)
            frame = .entityTypeMapping(configuration.entityTypeMappings.count)
            configuration.entityTypeMappings.append(
                EntityTypeMapping(identifier: id ?? "", attributes: attributes, location: location))
        case .property:
            switch parent {
            case .entityType(let index):
                let (id, attributes, location) = try read(tag)
                configuration.entityTypes[index].properties.append(
                    EntityProperty(identifier: id ?? "", attributes: attributes, location: location))
            case .entityTypeMapping(let index):
                let (id, attributes, location) = try read(tag)
                configuration.entityTypeMappings[index].properties.append(
                    PropertyMapping(identifier: id ?? "", attributes: attributes, location: location))
            default:
                break
            }
        case .entityAssociation:
            let (id, attributes, location) = try read(tag)
            configuration.entityAssociations.append(
                EntityAssociation(identifier: id ?? "", attributes: attributes, location: location))
        case .entityAssociationMapping:
            let (id, attributes, location) = try read(tag)
            configuration.entityAssociationMappings.append(
                EntityAssociationMapping(identifier: id ?? "", attributes: attributes, location: location))
        case .resourceType:
            let (id, attributes, location) = try read(tag)
            configuration.resourceTypes.append(ResourceType(identifier: id ?? "", attributes: attributes, location: location))
        case .resourceTypeMapping(let element):
            let (id, attributes, location) = try read(tag)
            configuration.resourceTypeMappings.append(
                ResourceTypeMapping(element: element, identifier: id ?? "", attributes: attributes, location: location))
        case .exportTask:
            let (id, attributes, location) = try read(tag)
            configuration.exportTasks.append(ExportTask(identifier: id, attributes: attributes, location: location))
        case .fulfillTask:
            let (id, attributes, location) = try read(tag)
            frame = .fulfillTask(configuration.fulfillTasks.count)
            configuration.fulfillTasks.append(FulfillTask(identifier: id, attributes: attributes, location: location))
        case .jobScaffolding(let element):
            let (_, attributes, location) = try read(tag)
            frame = .jobScaffolding(configuration.jobScaffoldings.count)
            configuration.jobScaffoldings.append(JobScaffolding(element: element, attributes: attributes, location: location))
        case .scaffoldingExclusion:
            guard case .jobScaffolding(let index) = parent else { break }
            if let connector = try tag.attributes()["ConnectorIdentifier"], !connector.isEmpty {
                configuration.jobScaffoldings[index].excludedConnectors.append(connector)
            }
        case .noSynchronization:
            guard case .jobScaffolding(let index) = parent else { break }
            configuration.jobScaffoldings[index].noSynchronization = true
        case .taskResourceType:
            guard case .fulfillTask(let index) = parent else { break }
            let (_, attributes, location) = try read(tag)
            configuration.fulfillTasks[index].taskResourceTypes.append(
                TaskResourceType(attributes: attributes, location: location))
        }
        if case .other = frame {} else { openParents += 1 }
        frames.append(frame)
    }

    func endElement() {
        if let frame = frames.popLast() {
            if case .other = frame {} else { openParents -= 1 }
        }
    }

    /// The `Identifier` (nil when absent), every attribute, and the start-tag line.
    private func read(_ tag: XMLStartTag) throws -> (String?, XMLAttributes, SourceLocation) {
        let attributes = try tag.attributes()
        pendingElements += 1
        return (attributes["Identifier"], attributes, SourceLocation(file: file, line: tag.line()))
    }

    private func classify(_ tag: XMLStartTag) -> Kind {
        let name = tag.name
        let kind: Kind
        switch name {
        case "Agent": kind = .agent
        case "Connector": kind = .connector
        case "Connection": kind = .connection
        case "ConnectionTable": kind = .connectionTable
        case "Column": kind = .column
        case "EntityType": kind = .entityType
        case "EntityTypeMapping": kind = .entityTypeMapping
        case "Property": kind = .property
        case "EntityAssociation": kind = .entityAssociation
        case "EntityAssociationMapping": kind = .entityAssociationMapping
        case "ResourceType": kind = .resourceType
        case "ExportTask": kind = .exportTask
        case "FulfillTask": kind = .fulfillTask
        case "TaskResourceType": kind = .taskResourceType
        case _ where JobScaffolding.connectorElements.contains(name) || JobScaffolding.agentElements.contains(name):
            kind = .jobScaffolding(name)
        case "NoConnectorSynchronization", "NotUsed": kind = .scaffoldingExclusion
        case "NoSynchronization": kind = .noSynchronization
        default: kind = name.hasSuffix("ResourceTypeMapping") ? .resourceTypeMapping(name) : .other
        }
        kinds[UnsafeRawPointer(tag.localName)] = kind
        return kind
    }
}
