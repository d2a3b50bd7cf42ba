/// One problem the library reports by throwing: where, how serious, what kind, what is wrong and
/// what to do, as data.
///
/// Every error the library throws about input, the catalog file or a question without an answer
/// (``InputError``, ``CatalogError``, ``HistoryError``, ``ChangesError``, ``FingerprintKeyError``)
/// is a ``DiagnosticError`` and describes itself as one `Diagnostic`. The wording of the remedy is
/// left to whoever shows it: a command-line tool names its own commands and options for a
/// ``Remedy`` (``Remedy/text`` is a neutral wording without them).
///
/// Rendered as one line, `file:line:column: error: what is wrong; what to do` (the location and
/// the remedy when there are some); a message never quotes the offending input text (which may
/// hold a secret).
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    /// Where the problem is: a file (relative to the imported folder, or as the user named it,
    /// such as the catalog file) with its line and column when known. `nil` when no file is
    /// concerned (a connection name the catalog does not know).
    public var location: SourceLocation?
    /// How serious it is. Thrown errors are ``Severity/error``.
    public var severity: Severity
    /// What kind of problem it is, set where it is thrown: callers act on it, never on the message.
    public var kind: Kind
    /// What is wrong, in the product's terms, one line.
    public var message: String
    /// What to do about it, when something can be done.
    public var remedy: Remedy?

    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Equatable, Hashable, CaseIterable {
        case error
        case warning
    }

    /// The kinds of problems, one per way a caller may want to tell them apart. The raw value is a
    /// stable code.
    public enum Kind: String, Sendable, Equatable, Hashable, CaseIterable {
        /// Input that cannot be read: the kinds of ``InputError/Kind``, of the same names.
        case unreadable, empty, noHeader, tooLong, badEncoding
        // The catalog file (``CatalogError``).
        /// The catalog holds migrations this library does not know.
        case newerCatalog
        /// The file is not a catalog.
        case notACatalog
        /// The catalog file cannot be opened or written.
        case unusableCatalog
        /// The catalog cannot be created or written: a missing folder, a read-only file or folder.
        case unwritableCatalog
        /// SQLite found the catalog damaged.
        case damagedCatalog
        /// There is no catalog at the path.
        case noCatalog
        /// The catalog holds no imported configuration yet.
        case noConfiguration
        /// A connection name the catalog does not know.
        case unknownConnection
        /// A connector no connection of the catalog belongs to.
        case unknownConnector
        /// An EntityTypeMapping the catalog does not know (or without a ConnectionTable).
        case unknownEntityTypeMapping
        // Questions without an answer (``HistoryError``, ``ChangesError``).
        /// A refresh id that is not an attempt of the connection.
        case noSuchRefresh
        /// A refresh that did not succeed, where a schema is needed.
        case notASuccess
        /// Fewer than two successful refreshes, where two are compared.
        case notEnoughSnapshots
        /// Fewer than two imports, where two are compared.
        case notEnoughImports
        /// An import id the catalog does not know.
        case noSuchImport
        /// An import recorded before the catalog kept each import's configuration.
        case importNotRecorded
        /// A time given for a new import or refresh before the latest one recorded (``TimeOrderError``).
        case timeBeforeLatestRecord
        // The secret fingerprint key (``FingerprintKeyError``).
        /// The key file cannot be created or read, or is not a key.
        case fingerprintKey
    }

    public init(
        _ location: SourceLocation?, severity: Severity = .error, kind: Kind, _ message: String, remedy: Remedy? = nil
    ) {
        self.location = location
        self.severity = severity
        self.kind = kind
        self.message = message
        self.remedy = remedy
    }

    /// The one-line form with `remedyText` as the remedy's wording:
    /// `file:line:column: error: message; remedy`.
    public func line(remedyText: String?) -> String {
        var text = location.map { "\($0): " } ?? ""
        text += "\(severity.rawValue): \(message)"
        if let remedyText { text += "; \(remedyText)" }
        return text
    }

    /// The one-line form with the remedy's neutral wording (``Remedy/text``).
    public var description: String { line(remedyText: remedy?.text) }
}

/// What a user can do about a ``Diagnostic``, as data: the library names no command or option,
/// the program that shows the diagnostic words the remedy with its own (``text`` is a neutral
/// wording).
public enum Remedy: Sendable, Equatable, Hashable {
    /// Advice in the input's own terms, shown as written (it names no command or option).
    case advice(String)
    /// Check the path given for an input.
    case checkGiven(GivenInput)
    /// The catalog was written by a newer version: upgrade, or choose another catalog.
    case upgradeOrChooseAnotherCatalog
    /// Choose another catalog file.
    case chooseAnotherCatalog
    /// Import a configuration first (which creates the catalog), or name another catalog.
    case importFirstOrNameCatalog
    /// Name a file (not a folder or a device) for the catalog.
    case nameCatalogFile
    /// Import a configuration first.
    case importFirst
    /// Restore the catalog from a backup, or import again into a new catalog.
    case restoreFromBackup
    /// List the catalog's connections to pick a name.
    case listConnections
    /// List the catalog's connections with their connectors.
    case listConnectors
    /// List the refresh attempts of a connection.
    case listRefreshes(connection: String)
    /// Pick a successful refresh of a connection.
    case pickSuccessfulRefresh(connection: String)
    /// Refresh the schema again later.
    case refreshSchemaAgain
    /// List the imports to pick one.
    case listImports
    /// Import the configuration again after it changed.
    case importAgainAfterChange
    /// Give the ExportOutput folder the export tasks write their CSV files to
    /// (`<TempFolderPath>/ExportOutput`).
    case giveExportOutputFolder
    /// Create the catalog's folder, or choose another catalog path.
    case createFolderOrChooseCatalog
    /// Make the catalog file and its folder writable, or choose a catalog in a writable folder.
    case makeWritableOrChooseCatalog
    /// Give a time at or after this one (ISO 8601 UTC), or none (now).
    case giveTimeAtOrAfter(String)

    /// An input whose path the user gives explicitly.
    public enum GivenInput: String, Sendable, Equatable, Hashable, CaseIterable {
        /// The agent settings file (appsettings.agent.json).
        case agentSettings
        /// The ExportOutput folder.
        case exportFolder
    }

    /// A neutral wording, naming no command or option.
    public var text: String {
        switch self {
        case .advice(let text): text
        case .checkGiven(.agentSettings): "check the agent settings file given"
        case .checkGiven(.exportFolder): "check the export folder given"
        case .upgradeOrChooseAnotherCatalog: "upgrade, or choose another catalog"
        case .chooseAnotherCatalog: "choose another catalog file"
        case .importFirstOrNameCatalog: "import a configuration first, or name another catalog"
        case .nameCatalogFile: "give a file name for the catalog"
        case .importFirst: "import a configuration first"
        case .restoreFromBackup: "restore it from a backup or import again into a new catalog"
        case .listConnections: "list the connections to pick one"
        case .listConnectors: "list the connections and their connectors"
        case .listRefreshes(let connection): "list the refreshes of \(connection) to pick one"
        case .pickSuccessfulRefresh(let connection): "pick a successful refresh of \(connection)"
        case .refreshSchemaAgain: "refresh the schema again later"
        case .listImports: "list the imports to pick one"
        case .importAgainAfterChange: "import the configuration again after it changed"
        case .giveExportOutputFolder: "give the ExportOutput folder the export tasks write their CSV files to (<TempFolderPath>/ExportOutput)"
        case .createFolderOrChooseCatalog: "create the folder, or choose another path for the catalog"
        case .makeWritableOrChooseCatalog: "make it writable, or choose a catalog in a writable folder"
        case .giveTimeAtOrAfter(let time): "give a time at or after \(time), or none to record now"
        }
    }
}

/// An error the library throws that describes itself as one ``Diagnostic``.
public protocol DiagnosticError: Error, CustomStringConvertible {
    /// The error as a diagnostic: location, severity, kind, message and remedy.
    var diagnostic: Diagnostic { get }
}

extension DiagnosticError {
    /// The one-line form (``Diagnostic/description``).
    public var description: String { diagnostic.description }
}
