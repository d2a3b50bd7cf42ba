import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The key file cannot be created or is not a fingerprint key.
public struct FingerprintKeyError: DiagnosticError, Sendable, Equatable {
    public var path: String
    public var message: String
    public var hint: String

    public init(path: String, _ message: String, hint: String) {
        self.path = path
        self.message = message
        self.hint = hint
    }

    public var diagnostic: Diagnostic {
        Diagnostic(SourceLocation(file: path), kind: .fingerprintKey, message, remedy: .advice(hint))
    }
}

/// Fingerprints secret values with HMAC-SHA256 under a random 32-byte key kept outside the catalog.
///
/// The catalog stores, per secret and per import, the fingerprint and the key's id (the first 8
/// hexadecimal digits of the SHA-256 of the key). Two imports read with the same key tell whether
/// a secret changed; someone holding only the catalog file cannot test a password guess, because
/// the fingerprint of a guess needs the key. Fingerprints made with another key (a new machine, a
/// deleted key file) are not compared: the change is then unknown, never falsely reported.
///
/// The message authenticated is the secret's JSON path (lower-cased) and its value, so that two
/// settings sharing one password do not show equal fingerprints.
public struct SecretFingerprinter: Sendable {
    /// Size of the key in bytes.
    public static let keySize = 32
    private static let domain = "conncat-secret-fingerprint-v1"

    /// The key's bytes (`SymmetricKey` is not `Sendable`).
    private let key: [UInt8]
    /// First 8 hexadecimal digits of the SHA-256 of the key.
    public let keyID: String

    /// A fingerprinter with `key` (exactly ``keySize`` bytes).
    public init(key bytes: [UInt8]) {
        precondition(bytes.count == Self.keySize, "a fingerprint key has \(Self.keySize) bytes")
        key = bytes
        keyID = String(SHA256.hash(data: bytes).hexString.prefix(8))
    }

    /// The fingerprint of `value` at `jsonPath`.
    public func fingerprint(jsonPath: String, value: String) -> SecretFingerprint {
        var hmac = HMAC<SHA256>(key: SymmetricKey(data: key))
        hmac.update(data: Data("\(Self.domain)\u{0}\(jsonPath.lowercased())\u{0}".utf8))
        hmac.update(data: Data(value.utf8))
        return SecretFingerprint(keyID: keyID, value: Self.hex(hmac.finalize()))
    }

    /// HMAC-SHA256 of the concatenation of `parts` under the key, in a domain of its own (never
    /// equal to a secret's fingerprint), as 64 lower-case hexadecimal digits: a digest of input
    /// files that hold secrets, which the catalog may keep without letting a guess be tested.
    func digest(_ parts: [Data]) -> String {
        Self.hmacSHA256(key: key, [Data("conncat-input-digest-v1\u{0}".utf8)] + parts)
    }

    /// HMAC-SHA256 (RFC 2104) of the concatenation of `message` under `key` (any length), as 64
    /// lower-case hexadecimal digits.
    static func hmacSHA256(key: [UInt8], _ message: [Data]) -> String {
        var hmac = HMAC<SHA256>(key: SymmetricKey(data: key))
        for part in message { hmac.update(data: part) }
        return hex(hmac.finalize())
    }

    /// Lower-case hexadecimal digits of `bytes`.
    static func hex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    // MARK: Key file

    /// Where the key lives: `$CONNCAT_KEY_FILE`, else `$XDG_CONFIG_HOME/conncat/fingerprint.key`,
    /// else `$HOME/.config/conncat/fingerprint.key`.
    /// - Throws: ``FingerprintKeyError`` when none of these variables is set.
    public static func defaultKeyFile(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        func nonEmpty(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let file = nonEmpty("CONNCAT_KEY_FILE") { return URL(fileURLWithPath: file) }
        if let config = nonEmpty("XDG_CONFIG_HOME"), config.hasPrefix("/") {
            return URL(fileURLWithPath: config).appendingPathComponent("conncat/fingerprint.key")
        }
        if let home = nonEmpty("HOME") {
            return URL(fileURLWithPath: home).appendingPathComponent(".config/conncat/fingerprint.key")
        }
        throw FingerprintKeyError(
            path: "fingerprint.key", "no place for the secret fingerprint key",
            hint: "set CONNCAT_KEY_FILE to a file path outside the catalog's folder")
    }

    /// Loads the key at `keyFile` (default: ``defaultKeyFile(environment:)``), creating it with
    /// 32 random bytes and mode 0600 (its folder 0700) when missing.
    /// - Throws: ``FingerprintKeyError`` when the file cannot be created or read, is not a regular
    ///   file (a FIFO, a folder, a dangling symbolic link: never waited for), is not 32 bytes, or
    ///   can be read by other users.
    public static func load(
        keyFile: URL? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> SecretFingerprinter {
        let url = try keyFile ?? defaultKeyFile(environment: environment)
        let path = url.path
        switch InputFile.kind(path) {
        case .missing: try create(url)
        case .file, .inaccessible: break
        case let kind:
            // A FIFO would block the read forever; a dangling link must not be taken for "no key".
            throw FingerprintKeyError(
                path: path, "the secret fingerprint key \(InputFile.problem(kind) ?? "is not a regular file")",
                hint: "set CONNCAT_KEY_FILE to a regular file path (it is created when missing)")
        }
        return SecretFingerprinter(key: try readKey(path))
    }

    private static func create(_ url: URL) throws {
        let path = url.path
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        } catch {
            throw FingerprintKeyError(
                path: path, "cannot create the folder of the secret fingerprint key",
                hint: "set CONNCAT_KEY_FILE to a writable path")
        }
        // The key is written whole to a temporary file, then linked into place: a process killed
        // while writing leaves no empty or partial key behind, and a concurrent conncat either
        // reads the complete key or wins the link itself (EEXIST: read the one that won).
        let temporary = path + ".keytmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw FingerprintKeyError(
                path: path, "cannot create the secret fingerprint key",
                hint: "set CONNCAT_KEY_FILE to a writable path")
        }
        defer { unlink(temporary) }
        let written = SymmetricKey(size: .bits256).withUnsafeBytes { bytes in
            write(descriptor, bytes.baseAddress, bytes.count)
        }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == keySize, synced else {
            throw FingerprintKeyError(
                path: path, "cannot write the secret fingerprint key",
                hint: "check the free space and permissions, or set CONNCAT_KEY_FILE")
        }
        guard link(temporary, path) == 0 || errno == EEXIST else {
            throw FingerprintKeyError(
                path: path, "cannot create the secret fingerprint key",
                hint: "set CONNCAT_KEY_FILE to a writable path")
        }
    }

    private static func readKey(_ path: String) throws -> [UInt8] {
        // O_NONBLOCK: a FIFO put in its place after the check must not block the open.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw FingerprintKeyError(
                path: path, "cannot read the secret fingerprint key",
                hint: "check that it is readable by the current user, or set CONNCAT_KEY_FILE")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw FingerprintKeyError(
                path: path, "the secret fingerprint key is not a regular file",
                hint: "set CONNCAT_KEY_FILE to a file path")
        }
        guard status.st_mode & 0o077 == 0 else {
            throw FingerprintKeyError(
                path: path, "the secret fingerprint key can be read by other users",
                hint: "restrict it to its owner (chmod 600)")
        }
        var bytes = [UInt8](repeating: 0, count: keySize + 1)
        let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count == keySize else {
            throw FingerprintKeyError(
                path: path, "not a secret fingerprint key (\(keySize) bytes expected)",
                hint: "delete it to create a new key (changes since the previous import are then unknown once)")
        }
        return Array(bytes.prefix(keySize))
    }
}
