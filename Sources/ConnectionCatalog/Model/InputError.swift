/// Input that cannot be read: a malformed XML file, unparsable agent settings, an unreadable
/// folder. Thrown by the readers; the import stores nothing when one is thrown.
///
/// A ``DiagnosticError``: its ``diagnostic`` (and description) is one line,
/// `file:line:column: error: what is wrong; what to do`, and never quotes the offending input
/// text (which may hold a secret).
public struct InputError: DiagnosticError, Sendable, Equatable {
    public var location: SourceLocation
    /// What is wrong, in the product's terms.
    public var message: String
    /// What to do about it, as data (the program showing the error words it).
    public var remedy: Remedy?
    /// What kind of problem it is, set where it is thrown: callers act on it (a schema refresh
    /// records it), never on the message text.
    public var kind: Kind

    /// The kinds of unreadable input a caller may treat differently.
    public enum Kind: String, Sendable, Equatable, Hashable, CaseIterable {
        /// The input cannot be read or is malformed (the default).
        case unreadable
        /// The file holds nothing (after a byte order mark), or the export folder holds no
        /// export file (``InputError/noExportFile(in:)``).
        case empty
        /// A CSV file has no header record (a blank first line, only separators).
        case noHeader
        /// A record is longer than the reader accepts.
        case tooLong
        /// Bytes that are not text in the file's encoding.
        case badEncoding

        /// The diagnostic kind of the same name.
        public var diagnosticKind: Diagnostic.Kind {
            switch self {
            case .unreadable: .unreadable
            case .empty: .empty
            case .noHeader: .noHeader
            case .tooLong: .tooLong
            case .badEncoding: .badEncoding
            }
        }
    }

    /// An error at `location`; `hint` is advice in the input's own terms (``Remedy/advice(_:)``).
    public init(_ location: SourceLocation, _ message: String, hint: String? = nil, kind: Kind = .unreadable) {
        self.init(location, message, remedy: hint.map(Remedy.advice), kind: kind)
    }

    /// An error at `location` with a remedy the program words.
    public init(_ location: SourceLocation, _ message: String, remedy: Remedy?, kind: Kind = .unreadable) {
        self.location = location
        self.message = message
        self.remedy = remedy
        self.kind = kind
    }

    /// An export folder that holds no export file at all (no `*.csv` file a refresh would read,
    /// ``ExportOutputScanner/holdsExportFile(folder:)``): most likely not the ExportOutput folder
    /// the export tasks write to. A refresh from it would record a failure for every connection
    /// expected to export, so nothing is refreshed.
    /// - Parameter folder: the folder as the user named it (or as the latest import recorded it).
    public static func noExportFile(in folder: String) -> InputError {
        InputError(
            SourceLocation(file: folder), "holds no export file (no *.csv file), so no schema can be refreshed from it",
            remedy: .giveExportOutputFolder, kind: .empty)
    }

    /// The remedy in its neutral wording (``Remedy/text``).
    public var hint: String? { remedy?.text }

    public var diagnostic: Diagnostic {
        Diagnostic(location, kind: kind.diagnosticKind, message, remedy: remedy)
    }
}
