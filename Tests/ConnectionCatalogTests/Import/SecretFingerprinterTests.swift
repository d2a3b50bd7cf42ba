import Crypto
import Foundation
import Testing

@testable import ConnectionCatalog

@Suite struct SecretFingerprinterTests {
    @Test func sameKeyPathAndValueGiveTheSameFingerprint() {
        let a = SecretFixture.fingerprinter(7)
        let b = SecretFixture.fingerprinter(7)
        let other = SecretFixture.fingerprinter(9)
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

    /// RFC 4231 test cases 1, 2 and 6 (a key shorter than, and one longer than, the block size).
    @Test func hmacSHA256GivesTheKnownAnswersOfRFC4231() {
        #expect(
            SecretFingerprinter.hmacSHA256(key: Array(repeating: 0x0b, count: 20), [Data("Hi There".utf8)])
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(
            SecretFingerprinter.hmacSHA256(key: Array("Jefe".utf8), [Data("what do ya ".utf8), Data("want for nothing?".utf8)])
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(
            SecretFingerprinter.hmacSHA256(
                key: Array(repeating: 0xaa, count: 131),
                [Data("Test Using Larger Than Block-Size Key - Hash Key First".utf8)])
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    /// The fingerprint's message is fixed: fingerprints stored by earlier imports stay comparable.
    /// Expected values computed with another HMAC implementation (Python's `hmac`).
    @Test func aFingerprintIsTheHMACOfTheDomainThePathAndTheValue() {
        let fingerprinter = SecretFingerprinter(key: Array(0..<32))
        #expect(fingerprinter.keyID == "630dcd29")
        #expect(
            fingerprinter.fingerprint(jsonPath: "Connections:ADExport:Password", value: "FAKE-SECRET-1")
                == SecretFingerprint(keyID: "630dcd29", value: "dd801b81ff74eb19b1fa6aafc574eb9a97399c169e4118c5508a41b1997e153d"))
    }

    @Test func theKeyFileIsFoundInTheDocumentedOrder() throws {
        #expect(
            try SecretFingerprinter.defaultKeyFile(environment: ["CONNCAT_KEY_FILE": "/k/f.key", "XDG_CONFIG_HOME": "/x", "HOME": "/h"]).path == "/k/f.key")
        #expect(
            try SecretFingerprinter.defaultKeyFile(environment: ["CONNCAT_KEY_FILE": "", "XDG_CONFIG_HOME": "/x", "HOME": "/h"]).path
                == "/x/conncat/fingerprint.key")
        #expect(
            try SecretFingerprinter.defaultKeyFile(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/h"]).path == "/h/.config/conncat/fingerprint.key")
        #expect(
            throws: FingerprintKeyError(
                path: "fingerprint.key", "no place for the secret fingerprint key",
                hint: "set CONNCAT_KEY_FILE to a file path outside the catalog's folder")
        ) {
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
        #expect(
            throws: FingerprintKeyError(
                path: short.path, "not a secret fingerprint key (32 bytes expected)",
                hint: "delete it to create a new key (changes since the previous import are then unknown once)")
        ) {
            try SecretFingerprinter.load(keyFile: short)
        }
        let shared = try folder.write("shared.key", Data(repeating: 1, count: 32))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: shared.path)
        let error = #expect(throws: FingerprintKeyError.self) { try SecretFingerprinter.load(keyFile: shared) }
        #expect(error?.description == "\(shared.path): error: the secret fingerprint key can be read by other users; restrict it to its owner (chmod 600)")
        #expect(throws: FingerprintKeyError.self) { try SecretFingerprinter.load(keyFile: folder.url) }
    }
}

extension Array where Element == UInt8 {
    fileprivate var sha256Hex: String {
        var hasher = Crypto.SHA256()
        hasher.update(data: self)
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
