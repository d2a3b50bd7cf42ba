import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What is at a path of the input, symbolic links followed, and reading a file within a size
/// limit without ever blocking on a FIFO or a device.
///
/// Every input is read through here: a symbolic link is followed like the file or folder it
/// points to; a link whose target is missing (an unmounted share) and a loop of links are
/// reported, never taken for "not there". Sizes are checked before anything is read
/// (``Limit``), so memory never follows a file's size.
public enum InputFile {
    /// What a path leads to.
    public enum Kind: Equatable, Sendable {
        /// A regular file (after links), with its size in bytes.
        case file(size: Int64)
        case folder
        /// Nothing at the path, not even a link.
        case missing
        /// A symbolic link whose target does not exist.
        case danglingLink
        /// Symbolic links that point to each other (or more than the system follows).
        case linkLoop
        /// A FIFO, socket or device: never read (it could block forever or never end).
        case special(String)
        /// The path cannot be examined (permissions).
        case inaccessible

        /// Whether it is a regular file.
        public var isFile: Bool {
            if case .file = self { return true }
            return false
        }
    }

    /// Size limits of the inputs, in bytes.
    public enum Limit {
        /// One XML configuration file: 512 MiB.
        public static let xmlFile: Int64 = 512 << 20
        /// One agent settings file (`appsettings.agent.json`, its overlays, `appsettings.json`): 16 MiB.
        public static let agentSettingsFile: Int64 = 16 << 20
    }

    /// What `path` leads to, links followed.
    public static func kind(_ path: String) -> Kind {
        var info = stat()
        if stat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG: return .file(size: Int64(info.st_size))
            case S_IFDIR: return .folder
            case S_IFIFO: return .special("a FIFO (named pipe)")
            case S_IFSOCK: return .special("a socket")
            case S_IFCHR, S_IFBLK: return .special("a device")
            default: return .special("not a regular file")
            }
        }
        let error = errno
        if error == ELOOP { return .linkLoop }
        var link = stat()
        if lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK { return error == ENOENT ? .danglingLink : .inaccessible }
        return error == ENOENT || error == ENOTDIR ? .missing : .inaccessible
    }

    /// Whether something (a link included, dangling or not) is at `path`.
    public static func exists(_ path: String) -> Bool {
        var link = stat()
        return lstat(path, &link) == 0
    }

    /// Why `kind` is not a readable file, for an error message (`nil` when it is one).
    public static func problem(_ kind: Kind, expectingFolder: Bool = false) -> String? {
        switch kind {
        case .file: return expectingFolder ? "is a file, not a folder" : nil
        case .folder: return expectingFolder ? nil : "is a folder, not a file"
        case .missing: return "does not exist"
        case .danglingLink: return "is a symbolic link whose target does not exist (an unmounted share?)"
        case .linkLoop: return "is a loop of symbolic links"
        case .special(let what): return "is \(what), not a regular file"
        case .inaccessible: return "cannot be examined (permission denied)"
        }
    }

    /// The bytes of the regular file at `url`, at most `limit` of them.
    /// - Parameters:
    ///   - displayName: the file as error messages name it.
    ///   - what: what the file is, for the message (`XML file`).
    /// - Throws: ``InputError`` naming `displayName` when the path is not a regular file (a
    ///   folder, a dangling link, a FIFO...), is larger than `limit`, or cannot be read. The size
    ///   is checked before reading, on the opened file itself.
    public static func read(_ url: URL, displayName: String, limit: Int64, what: String) throws -> Data {
        let path = url.path
        if let problem = problem(kind(path)) {
            throw InputError(SourceLocation(file: displayName), problem, hint: "give the \(what) itself")
        }
        // O_NONBLOCK: a file replaced by a FIFO after the check must not block the open.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw InputError(SourceLocation(file: displayName), "file cannot be read", hint: "check that it is readable by the current user")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw InputError(SourceLocation(file: displayName), "is not a regular file", hint: "give the \(what) itself")
        }
        let size = Int64(info.st_size)
        guard size <= limit else { throw tooLarge(displayName, size: size, limit: limit, what: what) }
        var data = Data(count: Int(size))
        var total = 0
        let failed: Bool = data.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return false }
            while total < Int(size) {
                let n = systemRead(descriptor, base + total, Int(size) - total)
                if n < 0, errno == EINTR { continue }
                if n < 0 { return true }
                if n == 0 { break }
                total += n
            }
            return false
        }
        if failed {
            throw InputError(SourceLocation(file: displayName), "file cannot be read", hint: "check that it is readable by the current user")
        }
        // A file that shrank while read is taken as it was read; one that grew is cut at its size.
        if total < data.count { data.removeSubrange(total...) }
        return data
    }

    /// The error for a file over its limit.
    public static func tooLarge(_ displayName: String, size: Int64, limit: Int64, what: String) -> InputError {
        InputError(
            SourceLocation(file: displayName),
            "\(what) is \(megabytes(size)), more than the limit of \(megabytes(limit))",
            hint: "check that it is the right file; an Identity Manager \(what) is far smaller")
    }

    private static func megabytes(_ bytes: Int64) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }
}

/// read(2), out of reach of ``InputFile/read(_:displayName:limit:what:)``'s name.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
