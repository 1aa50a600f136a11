using System.Text;
using Migration.Contracts;
using Migration.Contracts.Events;
using RabbitMQ.Client;
using static Migration.IntegrationTests.CredentialsEndToEndTests;

namespace Migration.IntegrationTests;

/// <summary>
/// A password handed to the platform appears in no log line, no message on RabbitMQ, no HTTP answer and no database
/// column other than the vault's ciphertext.
/// </summary>
public sealed class CanaryTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Canary_passwords_entered_by_an_operator_appear_nowhere_but_in_the_vaults_ciphertext()
    {
        var singleCanary = $"Canary-{Guid.NewGuid():N}-Pässwörd!";
        var bulkCanary = $"Canary-{Guid.NewGuid():N}-Bulk";
        var canaries = new[] { singleCanary, bulkCanary };
        var logLinesBefore = platform.Logs.Count;
        var (tapConnection, tapChannel, tapQueue) = await TapEveryEventExchangeAsync();
        await using var _ = tapConnection;
        await using var __ = tapChannel;

        var (_, key) = await platform.CreateOperatorAsync("Canary");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.PasswordProject);
        var mailboxes = await platform.AddMailboxesAsync(key, projectId, "canary@contoso.com", "bulk@contoso.com");
        var answers = new List<string>();

        using (var put = await platform.PutCredentialAsync(key, projectId, mailboxes[0].Id, "source", $$"""{ "password": "{{singleCanary}}" }""")) 
        {
            Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
            answers.Add(await put.Content.ReadAsStringAsync(Cancel));
        }
        using (var malformed = await platform.PutCredentialAsync(key, projectId, mailboxes[0].Id, "destination", $$"""{ "password": "{{singleCanary}}", """))
        {
            answers.Add(await malformed.Content.ReadAsStringAsync(Cancel));
        }
        using (var csv = await platform.PostCredentialsCsvAsync(key, projectId,
                   $"sourceAddress,sourcePassword,destinationPassword\nbulk@contoso.com,{bulkCanary},{bulkCanary}\nnobody@contoso.com,{bulkCanary},\n"))
        {
            Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
            answers.Add(await csv.Content.ReadAsStringAsync(Cancel));
        }
        var mailbox = await platform.MailboxWhenAsync(key, projectId, mailboxes[1].Id, m => m.State() == "verifying", "the bulk mailbox moving on");
        answers.Add(mailbox.ToJsonString());
        answers.Add((await platform.MailboxAsync(key, projectId, mailboxes[0].Id)).ToJsonString());
        using (var readiness = await platform.GetAsync($"/v1/projects/{projectId}/readiness", key))
        {
            answers.Add(await readiness.Content.ReadAsStringAsync(Cancel));
        }

        // RabbitMQ: the tap saw the credential events (so it works) and none carried a password.
        var messages = await DrainAsync(tapChannel, tapQueue);
        Assert.Contains(messages, m => m.Contains(mailboxes[0].Id, StringComparison.OrdinalIgnoreCase) && m.Contains("CredentialSubmitted"));
        Assert.Contains(messages, m => m.Contains(mailboxes[1].Id, StringComparison.OrdinalIgnoreCase) && m.Contains("CredentialSubmitted"));

        await using var credentialsDb = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase);
        Assert.Equal(3L, await Scalar<long>(credentialsDb, $"SELECT count(*) FROM credentials WHERE project_id = '{projectId}'"));

        foreach (var canary in canaries)
        {
            var forms = Forms(canary);
            Assert.DoesNotContain(answers, a => forms.Any(f => a.Contains(f, StringComparison.Ordinal)));
            Assert.DoesNotContain(messages, m => forms.Any(f => m.Contains(f, StringComparison.Ordinal)));
            var logLines = platform.Logs.Lines.Skip(logLinesBefore).ToList();
            Assert.True(logLines.Count > 0, "no log lines were captured, so the log check would prove nothing");
            Assert.DoesNotContain(logLines, line => forms.Any(f => line.Contains(f, StringComparison.Ordinal)));
            foreach (var database in new[] { ResourceNames.GatewayDatabase, ResourceNames.MigrationsDatabase, ResourceNames.CredentialReceptionDatabase })
            {
                Assert.Empty(await RowsContainingAsync(database, canary));
            }
        }
    }

    [Fact]
    public async Task Canary_passwords_submitted_on_the_reception_page_appear_in_no_log_message_answer_email_or_column()
    {
        var apiCanary = $"Canary-{Guid.NewGuid():N}-Api";
        var pageCanary = $"Canary-{Guid.NewGuid():N}-Page &<\"";
        var logLinesBefore = platform.Logs.Count;
        var (tapConnection, tapChannel, tapQueue) = await TapEveryEventExchangeAsync();
        await using var _ = tapConnection;
        await using var __ = tapChannel;

        var (_, key) = await platform.CreateOperatorAsync("Canary reception");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.PasswordProject);
        var run = Guid.NewGuid().ToString("N")[..8];
        string[] users = [$"api.{run}@contoso.com", $"page.{run}@contoso.com"];
        var mailboxes = await platform.AddMailboxesAsync(key, projectId, users);
        using (var invite = await platform.InviteAsync(key, projectId))
        {
            Assert.Equal(HttpStatusCode.Accepted, invite.StatusCode);
        }
        var invitations = await platform.WaitForEmailsAsync(2, users);
        var answers = new List<string>();

        var apiLink = invitations.Single(e => e.To == users[0]).ReceptionLink();
        var apiToken = apiLink[(apiLink.LastIndexOf('/') + 1)..];
        using (var submitted = await platform.Gateway.PostAsync($"/v1/reception/{apiToken}", new StringContent(
                   System.Text.Json.JsonSerializer.Serialize(new { sourcePassword = apiCanary, destinationPassword = apiCanary }), Encoding.UTF8, "application/json"), Cancel))
        {
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
            answers.Add(await submitted.Content.ReadAsStringAsync(Cancel));
        }
        using (var again = await platform.Gateway.PostAsync($"/v1/reception/{apiToken}", new StringContent(
                   System.Text.Json.JsonSerializer.Serialize(new { sourcePassword = apiCanary }), Encoding.UTF8, "application/json"), Cancel))
        {
            Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
            answers.Add(await again.Content.ReadAsStringAsync(Cancel));
        }

        var pageLink = invitations.Single(e => e.To == users[1]).ReceptionLink();
        var pageUrl = new Uri(pageLink).PathAndQuery;
        using (var tooLong = await platform.Gateway.PostAsync(pageUrl, new FormUrlEncodedContent(new Dictionary<string, string>
               {
                   ["sourcePassword"] = pageCanary + new string('x', 300),
               }), Cancel))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
            answers.Add(await tooLong.Content.ReadAsStringAsync(Cancel));
        }
        using (var form = await platform.Gateway.PostAsync(pageUrl, new FormUrlEncodedContent(new Dictionary<string, string>
               {
                   ["sourcePassword"] = pageCanary,
                   ["destinationPassword"] = pageCanary,
               }), Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, form.StatusCode);
            answers.Add(await form.Content.ReadAsStringAsync(Cancel));
        }
        foreach (var (id, _) in mailboxes)
        {
            answers.Add((await platform.MailboxWhenAsync(key, projectId, id, m => m.State() == "verifying", "the mailbox moving on")).ToJsonString());
        }
        // The don't-change-your-password notices follow the submissions.
        var emails = await platform.WaitForEmailsAsync(4, users);
        var messages = await DrainAsync(tapChannel, tapQueue);
        Assert.Contains(messages, m => m.Contains(mailboxes[1].Id, StringComparison.OrdinalIgnoreCase) && m.Contains("CredentialSubmitted"));

        var logLines = platform.Logs.Lines.Skip(logLinesBefore).ToList();
        Assert.True(logLines.Count > 0, "no log lines were captured, so the log check would prove nothing");
        foreach (var canary in new[] { apiCanary, pageCanary })
        {
            var forms = Forms(canary).Append(System.Net.WebUtility.HtmlEncode(canary)).Append(Uri.EscapeDataString(canary)).ToArray();
            Assert.DoesNotContain(answers, a => forms.Any(f => a.Contains(f, StringComparison.Ordinal)));
            Assert.DoesNotContain(messages, m => forms.Any(f => m.Contains(f, StringComparison.Ordinal)));
            Assert.DoesNotContain(logLines, line => forms.Any(f => line.Contains(f, StringComparison.Ordinal)));
            Assert.DoesNotContain(emails, e => forms.Any(f => e.Raw.Contains(f, StringComparison.Ordinal)));
            foreach (var database in new[] { ResourceNames.GatewayDatabase, ResourceNames.MigrationsDatabase, ResourceNames.CredentialReceptionDatabase, ResourceNames.NotificationDatabase })
            {
                Assert.Empty(await RowsContainingAsync(database, canary));
            }
        }
    }

    [Fact]
    public async Task Canary_grant_secrets_appear_nowhere_but_in_the_vaults_ciphertext()
    {
        var adminCanary = $"Canary-{Guid.NewGuid():N}-Admin";
        var appCanary = $"Canary-{Guid.NewGuid():N}-App";
        var keyCanary = $"Canary-{Guid.NewGuid():N}-Key";
        var logLinesBefore = platform.Logs.Count;
        var (tapConnection, tapChannel, tapQueue) = await TapEveryEventExchangeAsync();
        await using var _ = tapConnection;
        await using var __ = tapChannel;

        var (_, key) = await platform.CreateOperatorAsync("Canary grants");
        var exchange = await platform.CreateProjectAsync(key, ProjectJson.With("exchange", "impersonation", migrationType: "dataOnly",
            extraSource: """, "ewsUrl": "https://mail.contoso.com/EWS/Exchange.asmx" """));
        var office365 = await platform.CreateProjectAsync(key, ProjectJson.With("office365", "impersonation", migrationType: "dataOnly",
            extraSource: """, "tenantId": "11111111-2222-3333-4444-555555555555" """));
        var google = await platform.CreateProjectAsync(key, ProjectJson.With("google", "oauth", migrationType: "dataOnly",
            extraSource: """, "googleDomain": "fabrikam.com" """));
        var password = await platform.CreateProjectAsync(key, CredentialsApi.DataOnlyPasswordProject);
        var serviceAccount = SourceAccessCalls.ServiceAccountJson(keyCanary);
        var answers = new List<string>();
        async Task PutAsync(string projectId, string json, HttpStatusCode expected)
        {
            using var put = await platform.PutGrantAsync(key, projectId, json);
            Assert.Equal(expected, put.StatusCode);
            answers.Add(await put.Content.ReadAsStringAsync(Cancel));
        }

        await PutAsync(exchange, $$"""{ "username": "svc@contoso.com", "password": "{{adminCanary}}" }""", HttpStatusCode.Accepted);
        await PutAsync(office365, $$"""{ "clientId": "0f1e2d3c-aaaa-bbbb-cccc-001122334455", "clientSecret": "{{appCanary}}" }""", HttpStatusCode.Accepted);
        await PutAsync(google, System.Text.Json.JsonSerializer.Serialize(new { serviceAccountJson = serviceAccount }), HttpStatusCode.Accepted);
        // Refused grants: a field of another kind, a malformed body, a key that is no key, a project with password access.
        await PutAsync(office365, $$"""{ "clientId": "app", "clientSecret": "{{appCanary}}", "password": "{{adminCanary}}" }""", HttpStatusCode.BadRequest);
        await PutAsync(exchange, $$"""{ "username": "svc@contoso.com", "password": "{{adminCanary}}", """, HttpStatusCode.BadRequest);
        await PutAsync(google, System.Text.Json.JsonSerializer.Serialize(new { serviceAccountJson = serviceAccount.Replace("service_account", "authorized_user") }),
            HttpStatusCode.BadRequest);
        await PutAsync(password, $$"""{ "username": "svc@contoso.com", "password": "{{adminCanary}}" }""", HttpStatusCode.UnprocessableEntity);
        foreach (var projectId in new[] { exchange, office365, google })
        {
            answers.Add((await platform.ProjectAsync(key, projectId)).ToJsonString());
        }

        var messages = await DrainAsync(tapChannel, tapQueue);
        Assert.Equal(3, messages.Count(m => m.Contains("SourceAccessGrantSubmitted")));
        await using var credentialsDb = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase);
        Assert.Equal(3L, await Scalar<long>(credentialsDb,
            $"SELECT count(*) FROM credentials WHERE kind = 'SourceAccessGrant' AND project_id IN ('{exchange}', '{office365}', '{google}')"));

        var logLines = platform.Logs.Lines.Skip(logLinesBefore).ToList();
        Assert.True(logLines.Count > 0, "no log lines were captured, so the log check would prove nothing");
        var privateKey = System.Text.Json.Nodes.JsonNode.Parse(serviceAccount)!["private_key"]!.GetValue<string>().Split('\n')[1];
        foreach (var canary in new[] { adminCanary, appCanary, keyCanary, privateKey })
        {
            var forms = Forms(canary);
            Assert.DoesNotContain(answers, a => forms.Any(f => a.Contains(f, StringComparison.Ordinal)));
            Assert.DoesNotContain(messages, m => forms.Any(f => m.Contains(f, StringComparison.Ordinal)));
            Assert.DoesNotContain(logLines, line => forms.Any(f => line.Contains(f, StringComparison.Ordinal)));
            foreach (var database in new[] { ResourceNames.GatewayDatabase, ResourceNames.MigrationsDatabase, ResourceNames.CredentialReceptionDatabase })
            {
                Assert.Empty(await RowsContainingAsync(database, canary));
            }
        }
    }

    /// <summary>The plain text, as JSON would escape it, and as base64 and hex, so that an encoded leak is caught too.</summary>
    private static string[] Forms(string canary)
    {
        var bytes = Encoding.UTF8.GetBytes(canary);
        return [canary, System.Text.Json.JsonSerializer.Serialize(canary).Trim('"'), Convert.ToBase64String(bytes), Convert.ToHexStringLower(bytes)];
    }

    /// <summary>Every table of the database, each row as text (bytea shows as hex), searched for the canary.</summary>
    private async Task<List<string>> RowsContainingAsync(string database, string canary)
    {
        await using var db = await platform.OpenDatabaseAsync(database);
        var tables = new List<string>();
        await using (var list = new Npgsql.NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", db))
        await using (var reader = await list.ExecuteReaderAsync(Cancel))
        {
            while (await reader.ReadAsync(Cancel))
            {
                tables.Add(reader.GetString(0));
            }
        }
        Assert.NotEmpty(tables);
        var hits = new List<string>();
        var hex = Convert.ToHexStringLower(Encoding.UTF8.GetBytes(canary));
        foreach (var table in tables)
        {
            await using var search = new Npgsql.NpgsqlCommand(
                $"SELECT count(*) FROM \"{table}\" t WHERE strpos(t::text, @plain) > 0 OR strpos(t::text, @hex) > 0", db);
            search.Parameters.AddWithValue("plain", canary);
            search.Parameters.AddWithValue("hex", hex);
            if ((long)(await search.ExecuteScalarAsync(Cancel))! > 0)
            {
                hits.Add($"{database}.{table}");
            }
        }
        return hits;
    }

    /// <summary>A queue bound to the exchange of every event the platform publishes (MassTransit: one exchange per message type).</summary>
    private async Task<(IConnection, IChannel, string)> TapEveryEventExchangeAsync()
    {
        var factory = new ConnectionFactory { Uri = new Uri(await platform.ConnectionStringAsync(ResourceNames.RabbitMq)) };
        var connection = await factory.CreateConnectionAsync(Cancel);
        var channel = await connection.CreateChannelAsync(cancellationToken: Cancel);
        var queue = (await channel.QueueDeclareAsync($"test-canary-tap-{Guid.NewGuid():N}", durable: false, exclusive: true, autoDelete: true, cancellationToken: Cancel)).QueueName;
        var eventTypes = typeof(IIntegrationEvent).Assembly.GetTypes().Where(t => t.IsClass && typeof(IIntegrationEvent).IsAssignableFrom(t)).ToList();
        Assert.Contains(typeof(CredentialSubmitted), eventTypes);
        foreach (var type in eventTypes)
        {
            var exchange = $"{type.Namespace}:{type.Name}";
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: Cancel);
            await channel.QueueBindAsync(queue, exchange, "", cancellationToken: Cancel);
        }
        return (connection, channel, queue);
    }

    private static async Task<List<string>> DrainAsync(IChannel channel, string queue)
    {
        var messages = new List<string>();
        // Events travel through the outbox; give the last ones a moment to arrive after the state they caused is visible.
        var quietSince = DateTime.UtcNow;
        while (DateTime.UtcNow - quietSince < TimeSpan.FromSeconds(2))
        {
            if (await channel.BasicGetAsync(queue, autoAck: true, Cancel) is { } message)
            {
                messages.Add(Encoding.UTF8.GetString(message.Body.Span));
                quietSince = DateTime.UtcNow;
            }
            else
            {
                await Task.Delay(50, Cancel);
            }
        }
        return messages;
    }
}
