/// One recorded `conncat import`.
public struct ImportRecord: Sendable, Equatable, Codable {
    public var id: Int64?
    /// ISO 8601 UTC.
    public var importedAt: String
    /// The folder the user named.
    public var sourceFolder: String
    /// Where the XML files were found (`PATH` or `PATH/Conf`).
    public var configurationFolder: String
    public var agentSettingsFile: String?
    public var exportFolder: String?
    public var xmlFileCount: Int
    public var elementCount: Int
    /// SHA-256 over every XML file's path and bytes and the redacted agent settings.
    public var contentHash: String
    /// `true` when this import replaced the configuration (its content differed from the previous
    /// import's); `false` when only this record was added.
    public var changed: Bool

    public init(
        id: Int64? = nil, importedAt: String, sourceFolder: String, configurationFolder: String,
        agentSettingsFile: String?, exportFolder: String?, xmlFileCount: Int, elementCount: Int,
        contentHash: String, changed: Bool
    ) {
        self.id = id
        self.importedAt = importedAt
        self.sourceFolder = sourceFolder
        self.configurationFolder = configurationFolder
        self.agentSettingsFile = agentSettingsFile
        self.exportFolder = exportFolder
        self.xmlFileCount = xmlFileCount
        self.elementCount = elementCount
        self.contentHash = contentHash
        self.changed = changed
    }
}
