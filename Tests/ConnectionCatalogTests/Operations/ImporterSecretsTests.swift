import Foundation
import Testing

@testable import ConnectionCatalog

/// What the importer does with secrets before anything is stored: the content hash covers the
/// keyed fingerprints, and XML attributes that carry secrets are replaced.
@Suite struct ImporterSecretsTests {
    func settings(replacing replacements: [String: String] = [:], key: UInt8 = 7) throws -> AgentSettings {
        let folder = try TemporaryFolder()
        let file = try SecretFixture.write(into: folder, replacing: replacements)
        return try AgentSettingsReader.read(
            file: file, displayName: "Runtime/appsettings.agent.json",
            fingerprinter: SecretFixture.fingerprinter(key))
    }

    @Test func theHashChangesWithASecretAndOnlyWithWhatIsKept() throws {
        let base = Importer.redactedHash(try settings())
        #expect(Importer.redactedHash(try settings()) == base)
        // A comment and blank lines change nothing kept.
        #expect(
            Importer.redactedHash(
                try settings(replacing: [
                    "FAKE-SECRET-comment-06": "FAKE-SECRET-comment-06b", "\"OpenId\": {": "\n\n  \"OpenId\": {",
                ])) == base)
        for (old, new) in [
            ("FAKE-SECRET-nested-array-01", "FAKE-SECRET-nested-array-01b"),
            ("FAKE-SECRET-encrypted-11", "FAKE-SECRET-encrypted-11b"),
            ("FAKE-SECRET-cyberark-account-14", "FAKE-SECRET-cyberark-account-14b"),
            ("FAKE-SECRET-databases-05", "FAKE-SECRET-databases-05b"),
            ("ldap1.example.test", "ldap3.example.test"),
        ] {
            #expect(Importer.redactedHash(try settings(replacing: [old: new])) != base, "\(old)")
        }
        // A clear value that the encrypted overlay overrides is not in force: no change.
        #expect(Importer.redactedHash(try settings(replacing: ["FAKE-SECRET-plain-appkey-12": "FAKE-SECRET-plain-appkey-12b"])) == base)
        // Another key gives other fingerprints, hence another hash.
        #expect(Importer.redactedHash(try settings(key: 9)) != base)
    }

    @Test func xmlAttributesThatCarrySecretsAreReplaced() {
        var configuration = SecretFixture.configuration()
        configuration.fulfillTasks = [
            FulfillTask(
                identifier: "F", attributes: ["Identifier": "F", "OpenIdClient": "Job", "Password": "FAKE-SECRET-x"],
                location: SourceLocation(file: "j.xml", line: 1),
                taskResourceTypes: [
                    TaskResourceType(
                        attributes: ["ResourceType": "R", "ClientSecret": "FAKE-SECRET-y"],
                        location: SourceLocation(file: "j.xml", line: 2))
                ])
        ]
        configuration.resourceTypeMappings = [
            ResourceTypeMapping(
                element: "LdapResourceTypeMapping", identifier: "R",
                attributes: ["Identifier": "R", "PasswordResetSetting": "Reset"],
                location: SourceLocation(file: "r.xml", line: 1))
        ]
        let redacted = Importer.redactingSecretAttributes(configuration)
        #expect(
            redacted.agents[0].attributes.items == [
                XMLAttribute(name: "Identifier", value: "AgentSecrets"),
                XMLAttribute(name: "HashedSecret", value: "<secret>"),
            ])
        #expect(redacted.fulfillTasks[0].attributes["Password"] == "<secret>")
        #expect(redacted.fulfillTasks[0].attributes["OpenIdClient"] == "Job")
        #expect(redacted.fulfillTasks[0].taskResourceTypes[0].attributes["ClientSecret"] == "<secret>")
        // A reference whose name contains "Password" is not a secret.
        #expect(redacted.resourceTypeMappings[0].attributes["PasswordResetSetting"] == "Reset")
        #expect(redacted.connections == configuration.connections)
    }
}
