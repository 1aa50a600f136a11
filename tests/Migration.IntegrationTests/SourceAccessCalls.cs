using System.Text;
using MassTransit;
using Migration.Contracts;
using Migration.Contracts.Events;

namespace Migration.IntegrationTests;

/// <summary>
/// Issue 10's calls through the gateway, and the source-access service's events published by hand on the real broker
/// (until that service runs in these tests), with the vault references they name.
/// </summary>
public static class SourceAccessCalls
{
    public static Task<HttpResponseMessage> VerifyAsync(this PlatformFixture platform, string key, string projectId, string mailboxId) =>
        platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/mailboxes/{mailboxId}/verify", key);

    public static Task<HttpResponseMessage> PutGrantAsync(this PlatformFixture platform, string key, string projectId, string json) =>
        platform.SendAsync(HttpMethod.Put, $"/v1/projects/{projectId}/source-access", key, new StringContent(json, Encoding.UTF8, "application/json"));

    public static async Task<JsonObject> ProjectAsync(this PlatformFixture platform, string key, string projectId)
    {
        using var response = await platform.GetAsync($"/v1/projects/{projectId}", key);
        return await response.ReadJsonAsync();
    }

    public static Task<JsonObject> ProjectWhenAsync(this PlatformFixture platform, string key, string projectId, Func<JsonObject, bool> done, string what) =>
        Eventually.WaitForAsync(() => platform.ProjectAsync(key, projectId), done, what);

    public static string SourceAccess(this JsonObject project) => project["sourceAccess"]!["status"]!.GetValue<string>();

    public static string? SourceAccessReason(this JsonObject project) => project["sourceAccess"]!["reason"]?.GetValue<string>();

    /// <summary>Publishes one event as another service would; answers its message id.</summary>
    public static async Task<Guid> PublishOneAsync<T>(this PlatformFixture platform, T message) where T : class
    {
        var messageId = NewId.NextGuid();
        await platform.PublishAsync([(messageId, message)]);
        return messageId;
    }

    public static async Task WaitUntilHandledAsync(this PlatformFixture platform, string database, Guid messageId)
    {
        await using var db = await platform.OpenDatabaseAsync(database);
        await Eventually.WaitForAsync(() => db.ScalarAsync($"SELECT count(*) FROM inbox_messages WHERE message_id = '{messageId}'"),
            count => (long)count! > 0, $"{database} handling message {messageId}", seconds: 60);
    }

    public static async Task<Guid> SourceCredentialIdAsync(this PlatformFixture platform, string mailboxId)
    {
        await using var vault = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase);
        return (Guid)(await vault.ScalarAsync($"SELECT id FROM credentials WHERE mailbox_id = '{mailboxId}' AND kind = 'Source'"))!;
    }

    public static async Task<Guid> GrantIdAsync(this PlatformFixture platform, string projectId)
    {
        await using var vault = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase);
        return (Guid)(await vault.ScalarAsync($"SELECT id FROM credentials WHERE mailbox_id = '{projectId}' AND kind = 'SourceAccessGrant'"))!;
    }

    public static SourceAccessVerified Verified(string operatorId, string projectId, string mailboxId, Guid credential) => new()
    {
        OperatorId = Guid.Parse(operatorId),
        ProjectId = Guid.Parse(projectId),
        MailboxId = Guid.Parse(mailboxId),
        CorrelationId = Guid.NewGuid(),
        CredentialReference = credential,
        CheckedAt = DateTimeOffset.UtcNow,
    };

    public static SourceAccessFailed Failed(string operatorId, string projectId, string mailboxId, Guid credential, string reason) => new()
    {
        OperatorId = Guid.Parse(operatorId),
        ProjectId = Guid.Parse(projectId),
        MailboxId = Guid.Parse(mailboxId),
        CorrelationId = Guid.NewGuid(),
        CredentialReference = credential,
        Reason = reason,
        CheckedAt = DateTimeOffset.UtcNow,
    };

    public static SourceAccessGrantChecked GrantChecked(string operatorId, string projectId, Guid grant, string? failureReason) => new()
    {
        OperatorId = Guid.Parse(operatorId),
        ProjectId = Guid.Parse(projectId),
        CorrelationId = Guid.NewGuid(),
        CredentialReference = grant,
        TestMailbox = "test@contoso.com",
        FailureReason = failureReason,
        CheckedAt = DateTimeOffset.UtcNow,
    };

    /// <summary>A Google service-account key as Google issues it, with a real RSA key; <paramref name="marker"/> goes in its key id.</summary>
    public static string ServiceAccountJson(string marker) => System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["type"] = "service_account",
        ["project_id"] = "contoso-migration",
        ["private_key_id"] = marker,
        ["private_key"] = System.Security.Cryptography.RSA.Create(2048).ExportPkcs8PrivateKeyPem(),
        ["client_email"] = "migrator@contoso-migration.iam.gserviceaccount.com",
        ["client_id"] = "112233445566778899",
        ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
        ["token_uri"] = "https://oauth2.googleapis.com/token",
    });
}
