using System.Text;
using Migration.Contracts;

namespace Migration.IntegrationTests;

/// <summary>R6 manual entry and project completion, through the gateway, with the vault and the migrations service.</summary>
public sealed class CredentialsEndToEndTests(PlatformFixture platform)
{
    [Fact]
    public async Task Operator_entered_credentials_show_as_received_and_a_mailbox_with_both_moves_on_to_verifying()
    {
        var (_, key) = await platform.CreateOperatorAsync("Manual entry");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.PasswordProject);
        var mailboxes = await platform.AddMailboxesAsync(key, projectId, "anna@contoso.com", "ben@contoso.com");
        var (anna, _) = mailboxes[0];

        using var source = await platform.PutCredentialAsync(key, projectId, anna, "source", """{ "username": "CONTOSO\\anna", "password": "S0urce pass" }""");
        Assert.Equal(HttpStatusCode.Accepted, source.StatusCode);
        var answer = await source.ReadJsonAsync();
        Assert.Equal("received", answer["status"]!.GetValue<string>());
        using var destination = await platform.PutCredentialAsync(key, projectId, anna, "destination", """{ "password": "Dest1nation pass" }""");
        Assert.Equal(HttpStatusCode.Accepted, destination.StatusCode);

        // Both events arrive together; the mailbox must end up with both, and so in verifying (source access is checked
        // next). The project's source does not exist, so the check may already have failed it by the time this looks.
        var mailbox = await platform.MailboxWhenAsync(key, projectId, anna, m => m.State() is "verifying" or "failed", "anna moving to verifying");
        Assert.Equal(mailbox.State() == "verifying" ? "received" : "failed", mailbox.Status("source"));
        Assert.Equal("received", mailbox.Status("destination"));

        var ben = await platform.MailboxAsync(key, projectId, mailboxes[1].Id);
        Assert.Equal("waitingForUser", ben.State());
        Assert.Equal("pending", ben.Status("source"));
    }

    [Fact]
    public async Task Bulk_CSV_entry_takes_each_good_row_and_rejects_each_bad_one_by_field()
    {
        var (_, key) = await platform.CreateOperatorAsync("Bulk entry");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.PasswordProject);
        var mailboxes = await platform.AddMailboxesAsync(key, projectId, "a@contoso.com", "b@contoso.com", "c@contoso.com");

        using var response = await platform.PostCredentialsCsvAsync(key, projectId, """
            SourceAddress,sourcePassword,destinationPassword
            A@contoso.com, leading and trailing spaces ,d-pass
            b@contoso.com,only-source,
            nobody@contoso.com,x,y
            c@contoso.com,,
            a@contoso.com,again,again

            """);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.ReadJsonAsync();
        Assert.Equal(2, result["accepted"]!.GetValue<int>());
        var rejected = result["rejected"]!.AsArray().ToDictionary(r => r!["row"]!.GetValue<int>(), r => r!["errors"]!.AsObject());
        Assert.Equal([3, 4, 5], rejected.Keys.Order());
        Assert.True(rejected[3].ContainsKey("sourceAddress"));
        Assert.True(rejected[4].ContainsKey("sourcePassword"));
        Assert.Contains("already in this upload", rejected[5]["sourceAddress"]![0]!.GetValue<string>());
        Assert.DoesNotContain("again", result.ToJsonString());

        var a = await platform.MailboxWhenAsync(key, projectId, mailboxes[0].Id, m => m.State() == "verifying", "a moving to verifying");
        Assert.Equal("received", a.Status("destination"));
        var b = await platform.MailboxWhenAsync(key, projectId, mailboxes[1].Id, m => m.Status("source") == "received", "b's source received");
        Assert.Equal("waitingForUser", b.State());

        // Passwords are kept exactly as typed: the internal read gives back the spaces.
        using var internalApi = await platform.InternalClientAsync(ResourceNames.CredentialReception, ResourceNames.SourceAccess);
        await using var db = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase);
        var reference = await Scalar<Guid>(db, $"SELECT id FROM credentials WHERE mailbox_id = '{mailboxes[0].Id}' AND kind = 'Source'");
        var secret = await internalApi.GetFromJsonAsync<JsonObject>($"/internal/credentials/{reference}?reason=test", TestContext.Current.CancellationToken);
        Assert.Equal(" leading and trailing spaces ", secret!["password"]!.GetValue<string>());
    }

    [Fact]
    public async Task Credentials_the_project_does_not_need_are_refused_with_400()
    {
        var (_, key) = await platform.CreateOperatorAsync("Not needed");
        var impersonation = await platform.CreateProjectAsync(key, ProjectJson.ImpersonationWithMsi);
        var mailbox = (await platform.AddMailboxesAsync(key, impersonation, "x@contoso.com"))[0].Id;
        using var source = await platform.PutCredentialAsync(key, impersonation, mailbox, "source", """{ "password": "p" }""");
        var problem = await source.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("impersonation", problem["errors"]!["password"]![0]!.GetValue<string>());
        using var destination = await platform.PutCredentialAsync(key, impersonation, mailbox, "destination", """{ "password": "p" }""");
        Assert.Equal(HttpStatusCode.Accepted, destination.StatusCode);

        var dataOnly = await platform.CreateProjectAsync(key, ProjectJson.With("imap", "password", "dataOnly", extraSource: ", \"host\": \"imap.contoso.com\""));
        var dataOnlyMailbox = (await platform.AddMailboxesAsync(key, dataOnly, "y@contoso.com"))[0].Id;
        using var noDestination = await platform.PutCredentialAsync(key, dataOnly, dataOnlyMailbox, "destination", """{ "password": "p" }""");
        await noDestination.AssertProblemAsync(HttpStatusCode.BadRequest);
        using var csv = await platform.PostCredentialsCsvAsync(key, dataOnly, "sourceAddress,sourcePassword,destinationPassword\ny@contoso.com,s,d\n");
        var row = (await csv.ReadJsonAsync())["rejected"]![0]!["errors"]!.AsObject();
        Assert.True(row.ContainsKey("destinationPassword"));
    }

    [Fact]
    public async Task Bad_credential_requests_get_4xx_problems_and_another_operators_mailbox_is_404()
    {
        var (_, key) = await platform.CreateOperatorAsync("Owner");
        var (_, otherKey) = await platform.CreateOperatorAsync("Other");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.PasswordProject);
        var mailbox = (await platform.AddMailboxesAsync(key, projectId, "z@contoso.com"))[0].Id;
        using var known = await platform.PutCredentialAsync(key, projectId, mailbox, "source", """{ "password": "first" }""");
        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);

        using var foreign = await platform.SendAsync(HttpMethod.Put, $"/v1/projects/{projectId}/mailboxes/{mailbox}/credentials/source", otherKey,
            new StringContent("""{ "password": "p" }""", Encoding.UTF8, "application/json"));
        await foreign.AssertProblemAsync(HttpStatusCode.NotFound);
        using var foreignCsv = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/credentials", otherKey,
            new StringContent("sourceAddress,sourcePassword\nz@contoso.com,p\n", Encoding.UTF8, "text/csv"));
        await foreignCsv.AssertProblemAsync(HttpStatusCode.NotFound);

        foreach (var body in new[] { """{ "password": "" }""", """{ "password": 5 }""", """{ "password": """, "[]", $$"""{ "password": "{{new string('p', 257)}}" }""" })
        {
            using var bad = await platform.PutCredentialAsync(key, projectId, mailbox, "source", body);
            await bad.AssertProblemAsync(HttpStatusCode.BadRequest);
        }
        using var wrongType = await platform.SendAsync(HttpMethod.Put, $"/v1/projects/{projectId}/mailboxes/{mailbox}/credentials/source", key,
            new StringContent("password=p", Encoding.UTF8, "application/x-www-form-urlencoded"));
        await wrongType.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        using var noHeader = await platform.PostCredentialsCsvAsync(key, projectId, "z@contoso.com,p\n");
        await noHeader.AssertProblemAsync(HttpStatusCode.BadRequest);
        using var unknownKind = await platform.SendAsync(HttpMethod.Put, $"/v1/projects/{projectId}/mailboxes/{mailbox}/credentials/other", key,
            new StringContent("""{ "password": "p" }""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, unknownKind.StatusCode);
    }

    [Fact]
    public async Task Completing_a_project_purges_its_credentials_and_later_credential_calls_get_409()
    {
        var (_, key) = await platform.CreateOperatorAsync("Completer");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.PasswordProject);
        var mailbox = (await platform.AddMailboxesAsync(key, projectId, "done@contoso.com"))[0].Id;
        using var stored = await platform.PutCredentialAsync(key, projectId, mailbox, "source", """{ "password": "to be purged" }""");
        Assert.Equal(HttpStatusCode.Accepted, stored.StatusCode);
        await using var db = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase);
        var reference = await Scalar<Guid>(db, $"SELECT id FROM credentials WHERE mailbox_id = '{mailbox}'");

        using var complete = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/complete", key);
        Assert.Equal(HttpStatusCode.Accepted, complete.StatusCode);
        Assert.NotNull((await complete.ReadJsonAsync())["completedAt"]);

        using var refused = await Eventually.WaitForAsync(
            () => platform.SendAsync(HttpMethod.Put, $"/v1/projects/{projectId}/mailboxes/{mailbox}/credentials/source", key,
                new StringContent("""{ "password": "too late" }""", Encoding.UTF8, "application/json")),
            r => r.StatusCode == HttpStatusCode.Conflict, "credential calls answering 409");
        await refused.AssertProblemAsync(HttpStatusCode.Conflict);
        using var refusedCsv = await platform.PostCredentialsCsvAsync(key, projectId, "sourceAddress,sourcePassword\ndone@contoso.com,p\n");
        await refusedCsv.AssertProblemAsync(HttpStatusCode.Conflict);

        await platform.MailboxWhenAsync(key, projectId, mailbox, m => m.State() == "purged", "the mailbox showing purged");
        Assert.Equal(0, await Scalar<long>(db, $"SELECT count(*) FROM credentials WHERE project_id = '{projectId}'"));
        using var internalApi = await platform.InternalClientAsync(ResourceNames.CredentialReception, ResourceNames.SourceAccess);
        using var read = await internalApi.GetAsync($"/internal/credentials/{reference}?reason=after-purge", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task Credential_writes_racing_the_purge_either_get_409_or_are_purged_with_the_rest()
    {
        var (_, key) = await platform.CreateOperatorAsync("Racer");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.PasswordProject);
        var run = Guid.NewGuid().ToString("N")[..8];
        var mailboxes = await platform.AddMailboxesAsync(key, projectId, Enumerable.Range(0, 12).Select(i => $"race{i}.{run}@contoso.com").ToArray());
        using (var first = await platform.PutCredentialAsync(key, projectId, mailboxes[0].Id, "source", """{ "password": "first" }"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        // Every mailbox's password is written again and again until the project refuses it, while the project completes.
        var writers = mailboxes.Select(m => Task.Run(async () =>
        {
            for (var attempt = 0; attempt < 500; attempt++)
            {
                using var put = await platform.SendAsync(HttpMethod.Put, $"/v1/projects/{projectId}/mailboxes/{m.Id}/credentials/source", key,
                    new StringContent("""{ "password": "racing" }""", Encoding.UTF8, "application/json"));
                if (put.StatusCode == HttpStatusCode.Conflict)
                {
                    return;
                }
                if (put.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    await Task.Delay(100);
                    continue;
                }
                Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
            }
            Assert.Fail("The project never refused credentials after completing.");
        })).ToList();
        await Task.Delay(300, TestContext.Current.CancellationToken);
        using (var complete = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/complete", key))
        {
            Assert.Equal(HttpStatusCode.Accepted, complete.StatusCode);
        }
        await Task.WhenAll(writers);

        await platform.MailboxWhenAsync(key, projectId, mailboxes[0].Id, m => m.State() == "purged", "the mailboxes showing purged");
        await using var db = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase);
        Assert.Equal(0, await Scalar<long>(db, $"SELECT count(*) FROM credentials WHERE project_id = '{projectId}'"));
    }

    internal static async Task<T> Scalar<T>(Npgsql.NpgsqlConnection db, string sql)
    {
        await using var command = new Npgsql.NpgsqlCommand(sql, db);
        return (T)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}

public sealed class RetentionTests(PlatformFixture platform)
{
    [Fact]
    public async Task Credentials_of_a_project_older_than_the_retention_period_are_purged_without_anyone_completing_it()
    {
        var (_, key) = await platform.CreateOperatorAsync("Forgetful");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.PasswordProject);
        var mailbox = (await platform.AddMailboxesAsync(key, projectId, "old@contoso.com"))[0].Id;
        using var stored = await platform.PutCredentialAsync(key, projectId, mailbox, "source", """{ "password": "kept too long" }""");
        Assert.Equal(HttpStatusCode.Accepted, stored.StatusCode);

        await using var db = await platform.OpenDatabaseAsync(Migration.Contracts.ResourceNames.CredentialReceptionDatabase);
        await using (var age = new Npgsql.NpgsqlCommand($"UPDATE projects SET created_at = now() - interval '31 days' WHERE id = '{projectId}'", db))
        {
            Assert.Equal(1, await age.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
        }

        await platform.MailboxWhenAsync(key, projectId, mailbox, m => m.State() == "purged", "the retention purge");
        Assert.Equal(0L, await CredentialsEndToEndTests.Scalar<long>(db, $"SELECT count(*) FROM credentials WHERE project_id = '{projectId}'"));
        using var refused = await platform.PutCredentialAsync(key, projectId, mailbox, "source", """{ "password": "again" }""");
        await refused.AssertProblemAsync(HttpStatusCode.Conflict);
    }
}
