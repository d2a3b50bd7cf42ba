import Testing

@testable import ConnectionCatalog

@Suite struct SettingClassifierTests {
    @Test(arguments: [
        "Path", "path", "Servers:0:Server", "Tables:1:BaseDN", "ValuesToTrim:0", "Attributes:2",
        "Controls:1", "SheetOptions:0:SheetIgnored", "ExportSettingsOptions:Employees", "TimeOut",
        "ProviderDllName", "InputDirectories:0", "Client", "Port",
        // Documented by the connector pages as values, although some names hold a secret word.
        "IsLdapPasswordReset", "RobotFrameworkScriptPath", "EntryFile", "MembersFile", "FilterGroup",
        "SyncCookiesFile", "ListOfSIDToAvoid", "Databases:0", "Databases:1", "ServiceSupportBulk",
    ])
    func keepsValuesThatCannotBeSecret(key: String) {
        #expect(!SettingClassifier.isSecret(key: key))
    }

    @Test(arguments: [
        "Login", "Password", "ConnectionString", "ApplicationId", "ApplicationKey", "ClientId",
        "ClientSecret", "ApiKey", "OAuthToken", "BearerToken", "AsePassword", "BapiPassword", "User",
        "Account", "Options:Server", "options:Path", "Servers:0:Password", "Options:IsLdapPasswordReset",
        "Password:IsLdapPasswordReset",
        "Path:Password", "Server_Pwd", "MyToken:Path", "ExportSettingsOptions:ApiKey", "ValuesToTrim:Secret",
        "UnknownKey", "Servers:0", "", "0",
    ])
    func hidesEverythingElse(key: String) {
        #expect(SettingClassifier.isSecret(key: key))
    }

    @Test(arguments: [
        ("OpenId:OpenIdClients:Job", SettingClassifier.Class.secret(.position)),
        ("openid:openidclients:Provisioning", .secret(.position)),
        ("OpenId:AgentIdentifier", .keep),
        ("OpenId:DefaultOpenIdClient", .keep),
        ("Databases:Reporting", .connectionString),
        ("PasswordResetSettings:EncryptionCertificate:Password", .secret(.name)),
        ("PasswordResetSettings:EncryptionCertificate:File", .keep),
        ("PasswordResetSettings:TokenBuildingSettings:ValidFor", .keep),
        ("Webhook:SharedAccessKey", .secret(.name)),
        ("SourcesRootPaths:0", .keep),
        ("Connections:Ad:Servers:1:Password", .secret(.name)),
        ("Connections:Ad:Servers:1:Server", .keep),
        ("Connections:Sap:AsePassword", .secret(.name)),
        ("Connections:Sap:BapiPassword", .secret(.name)),
        ("Connections:OData:BearerToken", .secret(.name)),
        ("Connections:Scim:OAuthToken", .secret(.name)),
        ("Connections:Okta:ApiKey", .secret(.name)),
        ("Connections:Entra:ApplicationKey", .secret(.name)),
        ("Connections:Snow:ClientSecret", .secret(.name)),
        ("Connections:X:Passwords:0", .secret(.name)),
        ("Connections:X:private_key", .secret(.name)),
        ("Connections:X:Pass-Phrase", .secret(.name)),
        ("Connections:Sql:ConnectionString", .connectionString),
        // SQL Server Entitlements' list of database names (the top-level `Databases` holds
        // connection strings).
        ("Connections:Sql:Databases:0", .keep),
        ("Connections:Ad:IsLdapPasswordReset", .keep),
        ("Connections:Ldap:Servers:0:IsLdapPasswordReset", .keep),
        ("Connections:Ps:Options:Server", .secret(.position)),
        ("Connections:Ad:Login", .secret(.unlisted)),
        ("Connections:Ad:Filter", .keep),
    ])
    func classifiesByNameAndPositionAtAnyDepth(path: String, expected: SettingClassifier.Class) {
        #expect(SettingClassifier.classify(fullPath: path.split(separator: ":").map(String.init)) == expected)
    }

    @Test func xmlAttributesThatCarrySecretsAreRecognisedByName() {
        for name in [
            "HashedSecret", "hashedsecret", "SecretKey", "AccessToken", "UserPassword", "password", "ClientSecretX",
            "AccountKey", "Api_Key", "Passphrase",
        ] {
            #expect(SettingClassifier.isSecretXMLAttribute(name), "\(name)")
        }
        // Documented attributes that are not secrets: key flags, references, identifiers.
        for name in [
            "PasswordResetSetting", "OpenIdClient", "IsKey", "IsPrimaryKey", "IsUniqueKey", "KeyType", "Identifier",
            "ConnectionColumn", "DisplayName_L1", "EntityPropertyMapping1",
        ] {
            #expect(!SettingClassifier.isSecretXMLAttribute(name), "\(name)")
        }
    }
}

/// The memo answers as the classifier does, name for name and path for path.
@Suite struct SettingClassifierMemoTests {
    static let names = [
        "Identifier", "DisplayName_L1", "HashedSecret", "hashedsecret", "Password", "PasswordResetSetting",
        "IsKey", "IsPrimaryKey", "AccountKey", "AccessToken", "Secret", "Connector", "ApiKey", "Api-Key",
        "Key", "IsUniqueKey", "user.password", "Réseau", "PRIVATEKEY", "", "ConnectionString", "connectionSTRING", "ConnectionColumn",
    ]
    static let paths: [[String]] = [
        ["Connections", "ADExport", "Servers", "0", "Server"], ["Connections", "ADExport", "Login"],
        ["Connections", "ADExport", "Password"], ["connections", "TokenConnection", "Server"],
        ["Connections", "PasswordResetSettings", "Server"], ["Connections", "Hr", "Options", "Anything"],
        ["Connections", "Sql", "ConnectionString"], ["Connections", "Sql", "Databases", "Main"],
        ["Connections", "Csv", "ValuesToTrim", "0"], ["Connections", "Csv", "Path"], ["Connections", "Csv"],
        ["OpenId", "OpenIdClients", "Job"], ["Databases", "Main"], ["ConnectionString"], ["Logging", "Level"],
        ["CONNECTIONS", "X", "Path"], ["Connections", "ApiKeyHolder", "Path"],
    ]

    @Test func answersAsTheClassifier() {
        var memo = SettingClassifier.Memo()
        for _ in 0..<2 {  // the second round answers from the memo
            for name in Self.names {
                #expect(memo.isSecretXMLAttribute(name) == SettingClassifier.isSecretXMLAttribute(name), "\(name)")
                #expect(memo.isSecretName(name) == SettingClassifier.isSecretName(name), "\(name)")
                let kind: SettingClassifier.Memo.XMLAttributeKind =
                    SettingClassifier.isSecretXMLAttribute(name)
                    ? .secret
                    : name.lowercased() == "connectionstring" ? .connectionString : .other
                #expect(memo.xmlAttributeKind(name) == kind, "\(name)")
            }
            for path in Self.paths {
                #expect(memo.classify(fullPath: path) == SettingClassifier.classify(fullPath: path), "\(path)")
            }
        }
    }
}
