import Foundation

/// The hidden temporary files of the catalog (or backup) being written right now
/// (``Catalog/build(at:_:)``, ``Catalog/backup(to:)``), for a program's signal handler to remove
/// when it is interrupted (Ctrl-C, `kill`): a killed process cannot run its own clean-up, and
/// the next build would remove them only then.
///
/// ``removeAll()`` is async-signal-safe: it only reads C strings prepared beforehand and calls
/// `unlink(2)`, so a handler for `SIGINT` or `SIGTERM` may call it and then `_exit(2)`. Removing
/// the files of an unfinished build never damages a catalog: the catalog is given its name only
/// once complete (a hard link or a rename), and a file removed after that is only its temporary
/// name.
public enum PartialFiles {
    /// A null-terminated list of C strings (the files being written), or `nil`: set with one
    /// pointer store, read by ``removeAll()``. Allocated once, before any handler can run.
    nonisolated(unsafe) private static var current: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?

    /// Prepares ``removeAll()`` for use in a signal handler (its storage is set up here, never
    /// in the handler). Call it before installing the handler.
    public static func prepare() { _ = current }

    /// Records `files` as being written; they are removed by ``removeAll()`` until ``clear()``.
    static func register(_ files: [String]) {
        let list = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: files.count + 1)
        for (index, file) in files.enumerated() { list[index] = strdup(file) }
        list[files.count] = nil
        let previous = current
        current = list
        release(previous)
    }

    /// Forgets the files recorded (they were removed or given their final name).
    static func clear() {
        let previous = current
        current = nil
        release(previous)
    }

    private static func release(_ list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) {
        guard let list else { return }
        var index = 0
        while let file = list[index] {
            free(file)
            index += 1
        }
        list.deallocate()
    }

    /// Removes the files being written, if any. Async-signal-safe (see the type's discussion).
    public static func removeAll() {
        guard let list = current else { return }
        var index = 0
        while let file = list[index] {
            unlink(file)
            index += 1
        }
    }
}
