import Foundation

/// The one way conncat writes a file a person named (`report --output`, `check --write-baseline`):
/// beside its final path first, then renamed into place, so a reader never sees half a file; and
/// one error line when it cannot: `PATH: error: cannot write the report (why); what to do`.
enum OutputFile {
    struct WriteError: Error, CustomStringConvertible {
        /// The path as given.
        let path: String
        /// What was being written: `the report`, `the baseline`.
        let what: String
        /// Why, in plain words (never Foundation's localized sentence).
        let reason: String
        /// What to do: `choose another --output`.
        let remedy: String
        var description: String { "\(path): error: cannot write \(what) (\(reason)); \(remedy)" }
    }

    /// Writes `data` to `path` (given as typed), replacing a file there.
    /// - Throws: ``WriteError`` naming `what` and ending with `remedy`.
    static func write(_ data: Data, to path: String, what: String, remedy: String) throws {
        func failure(_ reason: String) -> WriteError { WriteError(path: path, what: what, reason: reason, remedy: remedy) }
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw failure("it is a folder")
        }
        let folder = url.deletingLastPathComponent()
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            let given = (path as NSString).deletingLastPathComponent
            throw failure("folder \(given.isEmpty ? "." : given) does not exist")
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try data.write(to: temporary, options: .withoutOverwriting)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw failure(reason(error))
        }
        if rename(temporary.path, url.path) != 0 {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw failure(reason(errno: code))
        }
    }

    /// Why a Foundation write failed, in plain words: from its POSIX error when it carries one.
    static func reason(_ error: Error) -> String {
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return reason(errno: Int32(underlying.code))
        }
        if error.domain == NSPOSIXErrorDomain { return reason(errno: Int32(error.code)) }
        switch CocoaError.Code(rawValue: error.code) {
        case .fileNoSuchFile: return "no such file or folder"
        case .fileWriteNoPermission: return "permission denied"
        case .fileWriteOutOfSpace: return "no space left on the device"
        case .fileWriteVolumeReadOnly: return "the file system is read-only"
        case .fileWriteFileExists: return "a file of that name appeared while writing"
        default: return "error \(error.code)"
        }
    }

    /// `strerror` in lower case: `permission denied`.
    static func reason(errno code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}
