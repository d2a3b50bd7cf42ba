import Foundation

extension Catalog {
    /// What one operation does with the catalog at a path, and so how ``with(at:for:_:)`` opens it.
    public enum Use: Sendable {
        /// An import: an existing catalog is opened for writing (and migrated when older); where
        /// there is none, or an empty file, a new catalog is built beside the path and moved into
        /// place only when the operation succeeded (``build(at:_:)``).
        case create
        /// A write to an existing catalog (migrated when older); never creates one.
        case update
        /// Only reading an existing catalog: an up-to-date one through a single read-only
        /// connection (nothing written, never waits for a writer elsewhere); one written by an
        /// older version is upgraded first. Never creates one.
        case read
    }

    /// Opens the catalog at `path` for `use`, runs `body`, and closes it, so that the catalog file
    /// alone holds the result (its write-ahead log checkpointed and removed when it wrote).
    ///
    /// Where there is no catalog only ``Use/create`` makes one; the other uses leave the path as it
    /// was: no file, no `-wal` or `-shm` beside it.
    /// - Throws: ``CatalogError/noCatalog(path:)`` for a missing path (not for ``Use/create``),
    ///   ``CatalogError/notAFile(path:problem:)`` for a folder, FIFO, socket, device or dangling
    ///   link, ``CatalogError/unusable(path:reason:)`` for an empty file (not for ``Use/create``),
    ///   ``CatalogError/notWritable(path:problem:)`` for a missing or read-only folder or file, the errors of ``init(path:access:)``, and what `body` throws
    ///   (the catalog is closed first; a new catalog is then not moved into place).
    public static func with<T>(at path: String, for use: Use, _ body: (Catalog) throws -> T) throws -> T {
        switch InputFile.kind(path) {
        case .folder:
            throw CatalogError.notAFile(path: path, problem: "it is a folder")
        case .file(let size) where size > 0:
            break
        case .file, .missing:
            // No catalog yet (or an empty file): only an import makes one.
            guard use == .create else {
                if InputFile.kind(path) == .missing { throw CatalogError.noCatalog(path: path) }
                throw CatalogError.unusable(
                    path: path, reason: "the file is empty (0 bytes), not a catalog; it was left untouched; import a configuration into it, or remove it")
            }
            // A missing or read-only folder is said plainly, before SQLite fails to open a file there.
            if let problem = writeProblem(path: path) { throw CatalogError.notWritable(path: path, problem: problem) }
            return try build(at: path, body)
        case let kind:
            throw CatalogError.notAFile(path: path, problem: InputFile.problem(kind) ?? "not a regular file")
        }
        let catalog =
            use == .read
            ? try Catalog(path: path, access: .readOnly, file: path, upgrading: true)
            : try Catalog(path: path, access: .readWrite)
        do {
            let result = try body(catalog)
            try catalog.close()
            return result
        } catch {
            try? catalog.close()
            throw error
        }
    }
}
