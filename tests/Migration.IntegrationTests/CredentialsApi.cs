using System.Text;

namespace Migration.IntegrationTests;

/// <summary>Credential calls through the gateway, and the waiting for what events make true a moment later.</summary>
public static class CredentialsApi
{
    /// <summary>imap + password access + Outlook assistant run by end users: source and destination passwords needed.</summary>
    public const string PasswordProject = """
        { "name": "Password project", "customer": { "name": "Contoso", "domain": "contoso.com" },
          "source": { "kind": "imap", "accessMethod": "password", "host": "imap.contoso.com" },
          "destination": { "tenantDomain": "contoso.onmicrosoft.com", "outlookAssistant": "endUser", "credentialMode": "passwordReception" },
          "migrationType": "full" }
        """;

    /// <summary>A data-only migration with password access to the source: end users are asked for the source password only.</summary>
    public const string DataOnlyPasswordProject = """
        { "name": "Data-only password project", "customer": { "name": "Contoso", "domain": "contoso.com" },
          "source": { "kind": "imap", "accessMethod": "password", "host": "imap.contoso.com" },
          "destination": { "tenantDomain": "contoso.onmicrosoft.com" }, "migrationType": "dataOnly" }
        """;

    /// <summary>A data-only migration from the fixture's real Dovecot: the source-access service's checks give the results.</summary>
    public static string DataOnlyDovecotProject(PlatformFixture platform) => $$"""
        { "name": "Data-only Dovecot project", "customer": { "name": "Contoso", "domain": "contoso.com" },
          "source": { "kind": "imap", "accessMethod": "password", "host": "{{platform.Dovecot.Host}}", "port": {{platform.Dovecot.Port}}, "useTls": false },
          "destination": { "tenantDomain": "contoso.onmicrosoft.com" }, "migrationType": "dataOnly" }
        """;

    public static async Task<List<(string Id, string Address)>> AddMailboxesAsync(this PlatformFixture platform, string key, string projectId, params string[] addresses)
    {
        var csv = new StringBuilder("sourceAddress,destinationUpn,displayName\n");
        foreach (var address in addresses)
        {
            csv.Append($"{address},{address.Replace("@", ".m365@")},{address.Split('@')[0]}\n");
        }
        using var added = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/mailboxes", key, new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        Assert.Equal(addresses.Length, (await added.ReadJsonAsync())["added"]!.GetValue<int>());
        using var list = await platform.GetAsync($"/v1/projects/{projectId}/mailboxes?pageSize=1000", key);
        return (await list.ReadJsonAsync())["items"]!.AsArray()
            .Select(m => (m!["id"]!.GetValue<string>(), m["sourceAddress"]!.GetValue<string>())).ToList();
    }

    /// <summary>PUTs a credential; straight after the upload, since the vault asks the migrations service about mailboxes it does not know yet.</summary>
    public static Task<HttpResponseMessage> PutCredentialAsync(this PlatformFixture platform, string key, string projectId, string mailboxId, string kind, string json) =>
        platform.SendAsync(HttpMethod.Put, $"/v1/projects/{projectId}/mailboxes/{mailboxId}/credentials/{kind}", key,
            new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PostCredentialsCsvAsync(this PlatformFixture platform, string key, string projectId, string csv) =>
        platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/credentials", key, new StringContent(csv, Encoding.UTF8, "text/csv"));

    public static Task<HttpResponseMessage> InviteAsync(this PlatformFixture platform, string key, string projectId) =>
        platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/invitations", key);

    public static async Task<JsonObject> MailboxAsync(this PlatformFixture platform, string key, string projectId, string mailboxId)
    {
        using var response = await platform.GetAsync($"/v1/projects/{projectId}/mailboxes/{mailboxId}", key);
        return await response.ReadJsonAsync();
    }

    public static Task<JsonObject> MailboxWhenAsync(this PlatformFixture platform, string key, string projectId, string mailboxId, Func<JsonObject, bool> done, string what,
        int seconds = 60) =>
        Eventually.WaitForAsync(() => platform.MailboxAsync(key, projectId, mailboxId), done, what, seconds);

    public static string Status(this JsonObject mailbox, string part) => mailbox[part]!["status"]!.GetValue<string>();

    public static string State(this JsonObject mailbox) => mailbox["state"]!.GetValue<string>();
}
