using Migration.AppHost;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Migration.Contracts;
using static Migration.IntegrationTests.CredentialsEndToEndTests;

namespace Migration.IntegrationTests;

/// <summary>The vault's encryption, audit and key rotation, seen from its internal API and its database.</summary>
public sealed class VaultTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_internal_read_needs_an_allowed_services_credential_returns_the_secret_and_audits_the_authenticated_caller()
    {
        var (mailbox, reference) = await StoreSourceAsync("Audited", "audited@contoso.com", "Aud1ted secret");

        using var anonymous = platform.App.CreateHttpClient(ResourceNames.CredentialReception, "http");
        using var refused = await anonymous.GetAsync($"/internal/credentials/{reference}?reason=test", Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var internalApi = await platform.InternalClientAsync(ResourceNames.CredentialReception, ResourceNames.SourceAccess);
        // The name a caller gives itself counts for nothing: the audit trail records whose credential it was.
        internalApi.DefaultRequestHeaders.Add("X-Calling-Service", ResourceNames.Provisioning);
        using var noReason = await internalApi.GetAsync($"/internal/credentials/{reference}", Cancel);
        await noReason.AssertProblemAsync(HttpStatusCode.BadRequest);
        var secret = await internalApi.GetFromJsonAsync<JsonObject>($"/internal/credentials/{reference}?reason=verify source access", Cancel);
        Assert.Equal("Aud1ted secret", secret!["password"]!.GetValue<string>());
        Assert.Equal(mailbox, secret["mailboxId"]!.GetValue<string>());

        await using var db = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase);
        // The source-access service's own check of this credential reads it too (reason "source access check"), at a
        // moment of its own: only this test's read is looked at, and no read is recorded under the name the caller gave.
        Assert.Equal(ResourceNames.SourceAccess, await Scalar<string>(db,
            $"SELECT reader FROM credential_reads WHERE credential_id = '{reference}' AND reason = 'verify source access'"));
        Assert.Equal(1L, await Scalar<long>(db,
            $"SELECT count(*) FROM credential_reads WHERE credential_id = '{reference}' AND reason = 'verify source access'"));
        Assert.Equal(0L, await Scalar<long>(db,
            $"SELECT count(*) FROM credential_reads WHERE credential_id = '{reference}' AND reader <> '{ResourceNames.SourceAccess}'"));
    }

    [Fact]
    public async Task A_ciphertext_moved_to_another_mailboxs_row_fails_to_decrypt()
    {
        var (_, key) = await platform.CreateOperatorAsync("Mover");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.PasswordProject);
        var mailboxes = await platform.AddMailboxesAsync(key, projectId, "victim@contoso.com", "thief@contoso.com");
        foreach (var (id, _) in mailboxes)
        {
            using var put = await platform.PutCredentialAsync(key, projectId, id, "source", $$"""{ "password": "secret of {{id}}" }""");
            Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
        }
        await using var db = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase);
        var thiefReference = await Scalar<Guid>(db, $"SELECT id FROM credentials WHERE mailbox_id = '{mailboxes[1].Id}'");
        await using (var move = new Npgsql.NpgsqlCommand($"""
            UPDATE credentials AS thief SET nonce = victim.nonce, ciphertext = victim.ciphertext, data_key_id = victim.data_key_id
            FROM credentials AS victim
            WHERE victim.mailbox_id = '{mailboxes[0].Id}' AND thief.mailbox_id = '{mailboxes[1].Id}'
            """, db))
        {
            Assert.Equal(1, await move.ExecuteNonQueryAsync(Cancel));
        }

        using var internalApi = await platform.InternalClientAsync(ResourceNames.CredentialReception, ResourceNames.SourceAccess);
        using var read = await internalApi.GetAsync($"/internal/credentials/{thiefReference}?reason=tamper-test", Cancel);
        var problem = await read.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.DoesNotContain("secret of", problem.ToJsonString());
    }

    [Fact]
    public async Task After_key_rotation_old_and_new_credentials_decrypt_and_rewrap_moves_every_data_key_to_the_new_version()
    {
        var (_, before) = await StoreSourceAsync("Before rotation", "before@contoso.com", "written before");
        using var operations = await platform.InternalClientAsync(ResourceNames.CredentialReception, ResourceNames.VaultOperations);
        using var internalApi = await platform.InternalClientAsync(ResourceNames.CredentialReception, ResourceNames.SourceAccess);
        using var rotate = await operations.PostAsync("/internal/vault/rotate", null, Cancel);
        var version = (await rotate.ReadJsonAsync())["version"]!.GetValue<string>();
        var (_, after) = await StoreSourceAsync("After rotation", "after@contoso.com", "written after");

        await using var db = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase);
        Assert.Equal(version, await Scalar<string>(db, $"""
            SELECT k.key_encryption_key_version FROM operator_data_keys k JOIN credentials c ON c.data_key_id = k.id WHERE c.id = '{after}'
            """));
        Assert.NotEqual(version, await Scalar<string>(db, $"""
            SELECT k.key_encryption_key_version FROM operator_data_keys k JOIN credentials c ON c.data_key_id = k.id WHERE c.id = '{before}'
            """));
        await AssertReadsAsync(internalApi, before, "written before");
        await AssertReadsAsync(internalApi, after, "written after");

        using var rewrap = await operations.PostAsync("/internal/vault/rewrap", null, Cancel);
        Assert.True((await rewrap.ReadJsonAsync())["rewrapped"]!.GetValue<int>() >= 1);
        Assert.Equal(0L, await Scalar<long>(db, $"SELECT count(*) FROM operator_data_keys WHERE key_encryption_key_version <> '{version}'"));
        await AssertReadsAsync(internalApi, before, "written before");
        await AssertReadsAsync(internalApi, after, "written after");
    }

    [Fact]
    public async Task The_vault_resource_commands_rotate_the_key_and_rewrap_every_data_key()
    {
        var (_, before) = await StoreSourceAsync("Before the command", "command.before@contoso.com", "written before the command");
        var rotated = await platform.ExecuteCommandAsync(ResourceNames.CredentialReception, VaultCommands.RotateKey, Cancel);
        Assert.True(rotated.Success, rotated.Message);
        var (_, after) = await StoreSourceAsync("After the command", "command.after@contoso.com", "written after the command");

        await using var db = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase);
        var version = await Scalar<string>(db, $"""
            SELECT k.key_encryption_key_version FROM operator_data_keys k JOIN credentials c ON c.data_key_id = k.id WHERE c.id = '{after}'
            """);
        Assert.Contains(version, rotated.Message);
        var rewrapped = await platform.ExecuteCommandAsync(ResourceNames.CredentialReception, VaultCommands.Rewrap, Cancel);
        Assert.True(rewrapped.Success, rewrapped.Message);
        Assert.Equal(0L, await Scalar<long>(db, $"SELECT count(*) FROM operator_data_keys WHERE key_encryption_key_version <> '{version}'"));
        using var internalApi = await platform.InternalClientAsync(ResourceNames.CredentialReception, ResourceNames.SourceAccess);
        await AssertReadsAsync(internalApi, before, "written before the command");
        await AssertReadsAsync(internalApi, after, "written after the command");
    }

    /// <summary>Each internal endpoint names its callers; every other service of the platform, the gateway too, gets 403.</summary>
    [Theory]
    [InlineData(ResourceNames.Notification, "GET", "/internal/credentials/{0}?reason=curious")]
    [InlineData(ResourceNames.Gateway, "GET", "/internal/credentials/{0}?reason=curious")]
    [InlineData(ResourceNames.MigrationsService, "GET", "/internal/credentials/{0}?reason=curious")]
    [InlineData(ResourceNames.VaultOperations, "GET", "/internal/credentials/{0}?reason=curious")]
    [InlineData(ResourceNames.Notification, "POST", "/internal/vault/rotate")]
    [InlineData(ResourceNames.SourceAccess, "POST", "/internal/vault/rewrap")]
    [InlineData(ResourceNames.SourceAccess, "POST", "/internal/mailboxes/{1}/reception-link")]
    public async Task A_service_that_an_internal_endpoint_does_not_name_gets_403_and_reads_nothing(string caller, string method, string path)
    {
        var (mailbox, reference) = await StoreSourceAsync($"Not for {caller}", $"not.for.{caller}@contoso.com", "Not for you");
        using var client = await platform.InternalClientAsync(ResourceNames.CredentialReception, caller);
        // Naming an allowed caller in the old self-declared header changes nothing.
        client.DefaultRequestHeaders.Add("X-Calling-Service", ResourceNames.SourceAccess);
        using var request = new HttpRequestMessage(new HttpMethod(method), string.Format(path, reference, mailbox));
        using var response = await client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("Not for you", await response.Content.ReadAsStringAsync(Cancel));
        // The source-access service reads the credential to verify it (its own audited read, any moment now): only a
        // read for the refused call's reason would be this caller's.
        await using var db = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase);
        Assert.Equal(0L, await Scalar<long>(db, $"SELECT count(*) FROM credential_reads WHERE credential_id = '{reference}' AND reason = 'curious'"));
    }

    [Fact]
    public async Task Without_its_key_file_the_vault_refuses_to_start_while_data_keys_exist_and_starts_once_the_file_is_restored()
    {
        var (_, reference) = await StoreSourceAsync("Lost key file", "lost.key@contoso.com", "sealed before the loss");
        var keyFile = Path.Combine(platform.StateDirectory, "vault", "key-encryption-keys.json");
        var backup = $"{keyFile}.backup";
        await platform.StopAsync(ResourceNames.CredentialReception, Cancel);
        File.Move(keyFile, backup);
        try
        {
            var logLinesBefore = platform.Logs.Count;
            await platform.ExecuteCommandAsync(ResourceNames.CredentialReception, KnownResourceCommands.StartCommand, Cancel);
            await Eventually.WaitForAsync(() => Task.FromResult(platform.Logs.Lines.Skip(logLinesBefore).Any(l => l.Contains("Restore the key file from its backup"))),
                refused => refused, "the vault refusing to start without its key file", seconds: 120);
            Assert.False(File.Exists(keyFile), "a new key-encryption key was made while data keys exist");
            await Eventually.WaitForAsync(() => Task.FromResult(platform.App.ResourceNotifications.TryGetCurrentState(ResourceNames.CredentialReception, out var state)
                    ? state.Snapshot.State?.Text : null),
                state => state != KnownResourceStates.Running && state != KnownResourceStates.Starting, "the vault stopping", seconds: 60);
        }
        finally
        {
            File.Move(backup, keyFile, overwrite: true);
            await platform.StartAsync(ResourceNames.CredentialReception, Cancel);
        }
        using var internalApi = await platform.InternalClientAsync(ResourceNames.CredentialReception, ResourceNames.SourceAccess);
        await AssertReadsAsync(internalApi, reference, "sealed before the loss");
    }

    private async Task<(string Mailbox, Guid Reference)> StoreSourceAsync(string operatorName, string address, string password)
    {
        var (_, key) = await platform.CreateOperatorAsync(operatorName);
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.PasswordProject);
        var mailbox = (await platform.AddMailboxesAsync(key, projectId, address))[0].Id;
        using var put = await platform.PutCredentialAsync(key, projectId, mailbox, "source", $$"""{ "password": "{{password}}" }""");
        Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
        await using var db = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase);
        return (mailbox, await Scalar<Guid>(db, $"SELECT id FROM credentials WHERE mailbox_id = '{mailbox}'"));
    }

    private static async Task AssertReadsAsync(HttpClient internalApi, Guid reference, string expected)
    {
        var secret = await internalApi.GetFromJsonAsync<JsonObject>($"/internal/credentials/{reference}?reason=rotation-test", Cancel);
        Assert.Equal(expected, secret!["password"]!.GetValue<string>());
    }
}
