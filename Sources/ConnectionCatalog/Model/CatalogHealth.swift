/// What `conncat doctor` reports about a catalog file.
public struct CatalogHealth: Sendable, Equatable {
    /// `ok`, or the first problems `PRAGMA integrity_check` found.
    public var integrity: [String]
    /// Schema objects (`table connection`, `index ...`) missing or defined otherwise than the
    /// migrations define them; empty when the schema is whole.
    public var schemaProblems: [String]
    /// SQLite finds no damage and the schema is the migrations' one.
    public var isIntact: Bool { integrity == ["ok"] && schemaProblems.isEmpty }
    /// Applied migrations, in order.
    public var appliedMigrations: [String]
    /// Migrations this binary knows (all applied on open).
    public var knownMigrations: [String]
    /// Applied migrations whose text, as recorded when they were applied, differs from the text
    /// this binary carries: a landed migration was edited (never do that; add a new one).
    public var editedMigrations: [String]
    /// Intact, and no migration edited since it was applied.
    public var isHealthy: Bool { isIntact && editedMigrations.isEmpty }
    public var journalMode: String
    /// Size in bytes of the catalog file and of its write-ahead log.
    public var fileSize: Int64
    public var walSize: Int64
    public var imports: Int
    public var connections: Int
    public var refreshAttempts: Int
    public var snapshots: Int
}
