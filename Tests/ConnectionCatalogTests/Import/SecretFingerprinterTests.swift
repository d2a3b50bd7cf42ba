import Crypto
import Foundation
import Testing
@testable import ConnectionCatalog

@Suite struct SecretFingerprinterTests {
    @Test func sameKeyPathAndValueGiveTheSameFingerprint() {
        let a = SecretFixture.fingerprinter(7), b = SecretFixture.fingerprinter(7), other = SecretFixture.fingerprinter(9)
        let fingerprint = a.fingerprint(jsonPath: "Connections:Ad:Password", value: "FAKE-SECRET-1")
        #expect(fingerprint == b.fingerprint(jsonPath: "connections:ad:password", value: "FAKE-SECRET-1"))
        #expect(fingerprint.value.count == 64 && fingerprint.value.allSatisfy(\.isHexDigit))
        #expect(fingerprint.keyID.count == 8 && fingerprint.keyID == a.keyID)
        #expect(fingerprint != a.fingerprint(jsonPath: "Connections:Ad:Password", value: "FAKE-SECRET-2"))
        // The same password elsewhere does not show as the same fingerprint.
        #expect(fingerprint.value != a.fingerprint(jsonPath: "Connections:Ldap:Password", value: "FAKE-SECRET-1").value)
        #expect(other.keyID != a.keyID)
        #expect(other.fingerprint(jsonPath: "Connections:Ad:Password", value: "FAKE-SECRET-1").value != fingerprint.value)
        // Not a plain hash of the value: the catalog alone cannot test a guess.
        #expect(!fingerprint.value.hasPrefix(Array("FAKE-SECRET-1".utf8).sha256Hex.prefix(16)))
    }

    @Test func theKeyFileIsFoundInTheDocumentedOrder() throws {
        #expect(try SecretFingerprinter.defaultKeyFile(environment: ["CONNCAT_KEY_FILE": "/k/f.key", "XDG_CONFIG_HOME": "/x", "HOME": "/h"]).path == "/k/f.key")
        #expect(try SecretFingerprinter.defaultKeyFile(environment: ["CONNCAT_KEY_FILE": "", "XDG_CONFIG_HOME": "/x", "HOME": "/h"]).path == "/x/conncat/fingerprint.key")
        #expect(try SecretFingerprinter.defaultKeyFile(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/h"]).path == "/h/.config/conncat/fingerprint.key")
        #expect(throws: FingerprintKeyError(path: "fingerprint.key", "no place for the secret fingerprint key",
                                            hint: "set CONNCAT_KEY_FILE to a file path outside the catalog's folder")) {
            try SecretFingerprinter.defaultKeyFile(environment: [:])
        }
    }

    @Test func aMissingKeyIsCreatedPrivateAndThenReused() throws {
        let folder = try TemporaryFolder()
        let file = folder.url.appendingPathComponent("config/conncat/fingerprint.key")
        let environment = ["CONNCAT_KEY_FILE": file.path]
        let first = try SecretFingerprinter.load(environment: environment)
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect(attributes[.size] as? Int == 32)
        #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o077 } == 0)
        let folderAttributes = try FileManager.default.attributesOfItem(atPath: file.deletingLastPathComponent().path)
        #expect(folderAttributes[.posixPermissions] as? Int == 0o700)
        let second = try SecretFingerprinter.load(keyFile: file)
        #expect(second.keyID == first.keyID)
        #expect(second.fingerprint(jsonPath: "a", value: "b") == first.fingerprint(jsonPath: "a", value: "b"))
        // Another key file is another key.
        let other = try SecretFingerprinter.load(keyFile: folder.url.appendingPathComponent("other.key"))
        #expect(other.keyID != first.keyID)
    }

    @Test func aKeyFileOfTheWrongSizeOrReadableByOthersIsRefused() throws {
        let folder = try TemporaryFolder()
        let short = try folder.write("short.key", Data(repeating: 1, count: 16))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: short.path)
        #expect(throws: FingerprintKeyError(path: short.path, "not a secret fingerprint key (32 bytes expected)",
                                            hint: "delete it to create a new key (changes since the previous import are then unknown once)")) {
            try SecretFingerprinter.load(keyFile: short)
        }
        let shared = try folder.write("shared.key", Data(repeating: 1, count: 32))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: shared.path)
        let error = #expect(throws: FingerprintKeyError.self) { try SecretFingerprinter.load(keyFile: shared) }
        #expect(error?.description == "\(shared.path): error: the secret fingerprint key can be read by other users; restrict it to its owner (chmod 600)")
        #expect(throws: FingerprintKeyError.self) { try SecretFingerprinter.load(keyFile: folder.url) }
    }
}

private extension Array where Element == UInt8 {
    var sha256Hex: String {
        var hasher = Crypto.SHA256()
        hasher.update(data: self)
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
