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
        for name in ["HashedSecret", "hashedsecret", "SecretKey", "AccessToken", "UserPassword", "password", "ClientSecretX",
                     "AccountKey", "Api_Key", "Passphrase"] {
            #expect(SettingClassifier.isSecretXMLAttribute(name), "\(name)")
        }
        // Documented attributes that are not secrets: key flags, references, identifiers.
        for name in ["PasswordResetSetting", "OpenIdClient", "IsKey", "IsPrimaryKey", "IsUniqueKey", "KeyType", "Identifier",
                     "ConnectionColumn", "DisplayName_L1", "EntityPropertyMapping1"] {
            #expect(!SettingClassifier.isSecretXMLAttribute(name), "\(name)")
        }
    }
}
