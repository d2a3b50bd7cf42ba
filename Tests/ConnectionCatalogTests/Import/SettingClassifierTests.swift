import Testing
@testable import ConnectionCatalog

@Suite struct SettingClassifierTests {
    @Test(arguments: [
        "Path", "path", "Servers:0:Server", "Tables:1:BaseDN", "ValuesToTrim:0", "Attributes:2",
        "Controls:1", "SheetOptions:0:SheetIgnored", "ExportSettingsOptions:Employees", "TimeOut",
        "ProviderDllName", "InputDirectories:0", "Client", "Port",
    ])
    func keepsValuesThatCannotBeSecret(key: String) {
        #expect(!SettingClassifier.isSecret(key: key))
    }

    @Test(arguments: [
        "Login", "Password", "ConnectionString", "ApplicationId", "ApplicationKey", "ClientId",
        "ClientSecret", "ApiKey", "OAuthToken", "BearerToken", "AsePassword", "BapiPassword", "User",
        "Account", "Databases:0", "Options:Server", "options:Path", "Servers:0:Password",
        "Path:Password", "Server_Pwd", "MyToken:Path", "ExportSettingsOptions:ApiKey", "ValuesToTrim:Secret",
        "UnknownKey", "Servers:0", "", "0",
    ])
    func hidesEverythingElse(key: String) {
        #expect(SettingClassifier.isSecret(key: key))
    }
}
