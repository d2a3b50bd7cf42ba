/// The outcome of one schema refresh attempt of one connection.
public enum RefreshStatus: String, Sendable, Equatable, Codable, CaseIterable {
    /// Every table of the connection was read; the attempt carries a snapshot.
    case success
    /// At least one table could not be read (or no file was found); the last good snapshot stays.
    case failed
    /// The connection's package has no export, hence no schema
    /// (domain: "There is no schema for this connection").
    case noSchema = "no_schema"
    /// The package exports, but nothing in the configuration exports this connection (no
    /// ExportTask names it, no job scaffolding exports its connector, `DeactivationExportFulfill`
    /// turns its export off, or it is the fulfill side of a pair) and no export file of it was
    /// found: there is nothing to refresh, and that is not a failure. See ``ExportRole``.
    case notExported = "not_exported"
}

/// Why a schema refresh attempt failed, stored as its `error_class`.
public enum RefreshErrorClass: String, Sendable, Equatable, Codable, CaseIterable {
    /// No export file of the connection in the folder.
    case noExportOutput = "no_export_output"
    /// An export file holds nothing.
    case emptyFile = "empty_file"
    /// An export file has no header record.
    case noHeader = "no_header"
    /// An export file's header record is longer than the reader accepts.
    case headerTooLong = "header_too_long"
    /// An export file holds bytes that are not text in its encoding.
    case badEncoding = "bad_encoding"
    /// Two export files of the connection name the same table except for case.
    case duplicateTable = "duplicate_table"
    /// An export file cannot be read (missing, not a regular file, permission, malformed).
    case unreadable

    /// The class of a failure to read an export file.
    public init(_ kind: InputError.Kind) {
        switch kind {
        case .empty: self = .emptyFile
        case .noHeader: self = .noHeader
        case .tooLong: self = .headerTooLong
        case .badEncoding: self = .badEncoding
        case .unreadable: self = .unreadable
        }
    }
}

/// What started a refresh attempt.
public enum RefreshTrigger: String, Sendable, Equatable, Codable {
    case `import`
    case refreshSchema = "refresh-schema"
}

/// Where a snapshot's tables came from.
public enum SchemaSource: String, Sendable, Equatable, Codable {
    /// Headers of the export files in an ExportOutput folder.
    case exportOutput = "export_output"
    /// `ConnectionTable`/`Column` elements declared in the XML.
    case configuration
}

/// Facts about one export file read during a refresh attempt.
public struct RefreshFile: Sendable, Equatable, Codable {
    public var fileName: String
    public var tableName: String
    /// Size in bytes.
    public var size: Int64
    /// Modification time, ISO 8601 UTC.
    public var modifiedAt: String?
    /// Detected encoding (`utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be`, or a configured name).
    public var encoding: String?
    /// Separator used (`,`, `;`, or `\t`).
    public var separator: String?
    public var columnCount: Int?
    /// Why the file could not be read; `nil` when it was.
    public var error: String?
    /// Something worth knowing about a file that was read (empty header cells, which are not
    /// columns); `nil` when there is nothing to say.
    public var warning: String?

    public init(
        fileName: String, tableName: String, size: Int64, modifiedAt: String? = nil,
        encoding: String? = nil, separator: String? = nil, columnCount: Int? = nil, error: String? = nil,
        warning: String? = nil
    ) {
        self.fileName = fileName
        self.tableName = tableName
        self.size = size
        self.modifiedAt = modifiedAt
        self.encoding = encoding
        self.separator = separator
        self.columnCount = columnCount
        self.error = error
        self.warning = warning
    }
}

/// One schema refresh attempt of one connection, as recorded in the history.
public struct RefreshAttempt: Sendable, Equatable, Codable {
    public var connection: String
    /// ISO 8601 UTC (`2026-11-29T19:34:51Z`).
    public var at: String
    public var trigger: RefreshTrigger
    public var source: SchemaSource
    public var status: RefreshStatus
    /// Why the attempt failed; `nil` unless it failed.
    public var errorClass: RefreshErrorClass?
    /// One line, never a secret.
    public var errorMessage: String?
    /// The schema seen, for a successful attempt.
    public var snapshot: SchemaSnapshot?
    public var exportFolder: String?
    public var files: [RefreshFile]

    public init(
        connection: String, at: String, trigger: RefreshTrigger, source: SchemaSource,
        status: RefreshStatus, errorClass: RefreshErrorClass? = nil, errorMessage: String? = nil,
        snapshot: SchemaSnapshot? = nil, exportFolder: String? = nil, files: [RefreshFile] = []
    ) {
        self.connection = connection
        self.at = at
        self.trigger = trigger
        self.source = source
        self.status = status
        self.errorClass = errorClass
        self.errorMessage = errorMessage
        self.snapshot = snapshot
        self.exportFolder = exportFolder
        self.files = files
    }
}
