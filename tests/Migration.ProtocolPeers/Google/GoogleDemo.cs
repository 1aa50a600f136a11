using System.Text.Json.Nodes;

namespace Migration.ProtocolPeers.Google;

/// <summary>
/// The demo data of a local run (docs/local-peers-google.md): one Workspace domain with three users, one service
/// account with domain-wide delegation for Gmail read-only, and one registered without any delegation.
/// </summary>
public static class GoogleDemo
{
    public const string Domain = "gmail.example.test";
    public const string ProjectId = "migration-demo";
    public const string ClientEmail = "migration-demo@migration-demo.iam.gserviceaccount.com";
    public const string ClientId = "100000000000000000001";
    public const string UndelegatedClientEmail = "no-delegation@migration-demo.iam.gserviceaccount.com";
    public const string UndelegatedClientId = "100000000000000000002";
    public const string PrivateKeyId = "0000000000000000000000000000000000demo01";
    public const string GmailReadonlyScope = "https://www.googleapis.com/auth/gmail.readonly";

    /// <summary>
    /// TEST KEY, NOT A SECRET: generated for the protocol peer and published with it, so that anyone can sign JWTs the
    /// peer accepts. It is registered with no real Google project and must never be used anywhere else.
    /// </summary>
    public const string TestPrivateKeyPem = """
-----BEGIN PRIVATE KEY-----
MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDQrpm/W0DL/lxL
s+oMpQZcdMt4OckD8aLMc/aMx91KAkmliVwFal4CHR9N9fSxwfKyBW3HBTGxqFjR
vptrtIL+p1KtKVfPg9FLv1eMSdMeEHoJ7RZv+82C2DaC5h4cW7wuE5OaOglGgjMy
DNLnfzVkg0d+CIcmFRfBf+anKvmHPtHzhdfBW60TX7M8jttaduinz9rVFsUOCNKw
ill2QSC/usMFRkzS3WETCKxgNpIHuPGUzQQbbPtBNfm8YRbZwmb9T4a+PEsUkd+O
95jD4QOzxan1Do3e5mg256CGLpzPsJ4SOMQzqeSbqBVEQQ6rY1rFc0pTbFhhRk0A
OrivfR5NAgMBAAECggEAK3RgQa+v44q5D26Mi0uF8pTDlep6iF615tsy+QfZdcLa
MSVUSzBmGQyVazePV8CqWBW3UV0shvEmZa7KUHhLWtne5n4YcfbiC2LxyR3KX5VQ
xGZhaLpHhjqdx05B8OfNXM7oypHRQqR0IrT26gvcQ2zu4zjFY9G6m6mVjzPsuBOl
VCe2LK6cFkT4Kg0M98N7YQs29zS9ZQf5Q5agWh7YBXZmUA6sxiR3HEzL3HoMH8Sd
Ird1gsPuUM8FXdsCax2gVM1wQJxB4COnclnW8MkfTCzqo+zIhgRI5PjyyIxp75bC
K5y5LCnHvafUCccrv5lyCmeDoeAQrvCD6EJ/hQVw4QKBgQD19NvmEfpJA5lmpqAw
jFvHc4kxcCBdMVCdcFtjSIuUIV0t8k6ZGu9GFa3IyWtCHxpkaMbCOpg1RW4AZWaC
PapobMmSMlfBqGxivsnpxrHC8qxj9ibM/aYSVf9R0oL0BdIRR+YUEilqqd4RSU/z
fQbEgtTaUazibOQ9PR7LePWtJQKBgQDZNBZ+l9LUPa0UTybUlY8OSRsVxjaRZfOJ
R3bAlvXoYWRSJzoq0iZ4d/t/fMvdFxIgKLFoT4SY36ye2aBKLEDmE46e6X00a1lA
JcASLFyNvALXaojmqeXh9rVANfb8NVzIIsqA/gx+O2gGnST2z/ILVgrhgigpTnVn
mDgWaodoCQKBgDo89mytyRPM1F/oCHo2Ye0CQHQCVsd6S9pbpmgF33b9x3B/tXiv
VgTEUVf/yXPopXktDhMjiLLkc72IRROFwnnjeH8ziHAEj1V6U5kVQTYl/AfXWyyi
ytYAouoe7H8Xebw5yBLskf39puV09Id1DUsup3PibwtWOVz+wfHv/Ew5AoGBALBC
e8qpbBZ+InlrrggvghLGsqsd2eRuBo6tpqmtF8tHVYDxgluDhGKYg0g2vr0g3r2o
KCeM9/6S7ONPmar3dIcA8ej1c3xZbOkIeXCF/WmrW+bx9jyxPPL9IKMF5/NNXoiu
6wR4pSy/CrDrTzbXEwWuAlB0LiEvIUk7FrDiLBX5AoGBAIN127ZCuWRtyhdE7Qvh
BkeEIhyqW1kT7xCKXsTjv2kvq78KRPqwxiFEmehXxHjizItMu8VuDdEUYZ0ZHrgm
5fR54QS1+MT2C3fE9aoZZ8clOv9UG7dwcTdV+kp+GjhaDc2aP0c9BpI6aXyF8Wgy
ZePZgY4UAAnfnAPUDr3vqTx+
-----END PRIVATE KEY-----
""";

    public static void Seed(GoogleDirectory directory)
    {
        var publicKey = GoogleDirectory.PublicKeyPemOf(TestPrivateKeyPem);
        directory.Register(new GoogleServiceAccount(ClientEmail, ClientId, publicKey));
        directory.Register(new GoogleServiceAccount(UndelegatedClientEmail, UndelegatedClientId, publicKey));
        directory.Delegate(ClientId, [GmailReadonlyScope]);
        directory.Add(new GoogleUser($"alice@{Domain}", MessagesTotal: 1520, ThreadsTotal: 830));
        directory.Add(new GoogleUser($"bob@{Domain}", MessagesTotal: 12, ThreadsTotal: 9));
        directory.Add(new GoogleUser($"nomail@{Domain}", GmailEnabled: false));
    }

    /// <summary>The JSON key file Google Cloud would hand out for a service account, with the demo test key.</summary>
    public static JsonObject ServiceAccountJson(string clientEmail = ClientEmail, string clientId = ClientId) => new()
    {
        ["type"] = "service_account",
        ["project_id"] = ProjectId,
        ["private_key_id"] = PrivateKeyId,
        ["private_key"] = TestPrivateKeyPem + "\n",
        ["client_email"] = clientEmail,
        ["client_id"] = clientId,
        ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
        ["token_uri"] = "https://oauth2.googleapis.com/token",
        ["auth_provider_x509_cert_url"] = "https://www.googleapis.com/oauth2/v1/certs",
        ["client_x509_cert_url"] = $"https://www.googleapis.com/robot/v1/metadata/x509/{Uri.EscapeDataString(clientEmail)}",
        ["universe_domain"] = "googleapis.com",
    };
}
