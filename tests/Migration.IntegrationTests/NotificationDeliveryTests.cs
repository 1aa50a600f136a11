using Migration.Contracts;

namespace Migration.IntegrationTests;

/// <summary>Email delivery when the SMTP server is down: the attempt is logged as failed, retried, and delivered once it is back.</summary>
public sealed class NotificationDeliveryTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_invitation_that_meets_a_stopped_SMTP_server_is_logged_as_failed_retried_and_delivered_when_it_is_back()
    {
        var (_, key) = await platform.CreateOperatorAsync("Outage");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.PasswordProject);
        var user = $"outage.{Guid.NewGuid().ToString("N")[..8]}@contoso.com";
        var (mailboxId, _) = (await platform.AddMailboxesAsync(key, projectId, user)).Single();

        await platform.StopAsync(ResourceNames.MailCatcher, Cancel);
        try
        {
            using var invite = await platform.InviteAsync(key, projectId);
            Assert.Equal(HttpStatusCode.Accepted, invite.StatusCode);
            await using var log = await platform.OpenDatabaseAsync(ResourceNames.NotificationDatabase);
            var failed = await Eventually.WaitForAsync(() => LogAsync(log, mailboxId), rows => rows.Any(r => r.Result == "failed"), "a failed attempt in the message log");
            Assert.All(failed, row => Assert.Equal("Invitation", row.Template));
            Assert.All(failed, row => Assert.False(string.IsNullOrEmpty(row.Error)));
        }
        finally
        {
            await platform.StartAsync(ResourceNames.MailCatcher, Cancel);
        }

        var email = (await platform.WaitForEmailsAsync(1, user)).Single();
        Assert.Contains("your mailbox is moving", email.Subject);
        await using var after = await platform.OpenDatabaseAsync(ResourceNames.NotificationDatabase);
        var rows = await Eventually.WaitForAsync(() => LogAsync(after, mailboxId), r => r.Any(x => x.Result == "sent"), "the delivery in the message log");
        Assert.Single(rows, r => r.Result == "sent");
        Assert.Equal(user, rows.Single(r => r.Result == "sent").Recipient);
    }

    [Fact]
    public async Task A_project_completion_handled_again_after_a_partial_failure_sends_each_end_user_one_completion_notice()
    {
        var (_, key) = await platform.CreateOperatorAsync("Completion once");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.DataOnlyPasswordProject);
        var run = Guid.NewGuid().ToString("N")[..8];
        string[] users = [$"done1.{run}@contoso.com", $"done2.{run}@contoso.com", $"done3.{run}@contoso.com"];
        await platform.AddMailboxesAsync(key, projectId, users);
        using (var invite = await platform.InviteAsync(key, projectId))
        {
            Assert.Equal(HttpStatusCode.Accepted, invite.StatusCode);
        }
        await platform.WaitForEmailsAsync(users.Length, users);
        using (var complete = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/complete", key))
        {
            Assert.Equal(HttpStatusCode.Accepted, complete.StatusCode);
        }
        await Eventually.WaitForAsync(() => CompletionNoticesAsync(users), notices => notices.Count == users.Length, "one completion notice each");

        // The same completion handled a second time, as after a failure at a later recipient (whose inbox record rolled back).
        await using var migrations = await platform.OpenDatabaseAsync(ResourceNames.MigrationsDatabase);
        var operatorId = (Guid)(await migrations.ScalarAsync($"SELECT operator_id FROM projects WHERE id = '{projectId}'"))!;
        await platform.PublishAsync([(MassTransit.NewId.NextGuid(), new Contracts.Events.ProjectCompleted
        {
            OperatorId = operatorId,
            ProjectId = Guid.Parse(projectId),
            CorrelationId = Guid.NewGuid(),
            CompletedAt = DateTimeOffset.UtcNow,
        })]);
        await using var notification = await platform.OpenDatabaseAsync(ResourceNames.NotificationDatabase);
        await Eventually.WaitForAsync(() => notification.ScalarAsync($"""
                SELECT count(*) FROM outbox_messages o JOIN inbox_messages i ON i.message_id = o.id
                WHERE o.message_type LIKE '%CompletionNoticeRequested%' AND o.payload::text LIKE '%{projectId}%'
                """),
            handled => (long)handled! == 2 * users.Length, "both fan-outs' notices handled");

        var notices = await CompletionNoticesAsync(users);
        Assert.Equal(users.Order(), notices.Select(n => n.To).Order());
        Assert.Equal((long)users.Length, await notification.ScalarAsync(
            $"SELECT count(*) FROM message_log WHERE project_id = '{projectId}' AND template = 'Completion' AND result = 'sent'"));
    }

    private async Task<List<CaughtEmail>> CompletionNoticesAsync(string[] users) =>
        [.. (await platform.EmailsToAsync(users)).Where(e => e.Subject.Contains("move is complete"))];

    private sealed record LogRow(string Template, string Recipient, string Result, string? Error);

    private static async Task<List<LogRow>> LogAsync(Npgsql.NpgsqlConnection db, string mailboxId)
    {
        await using var command = new Npgsql.NpgsqlCommand(
            $"SELECT template, recipient, result, error FROM message_log WHERE mailbox_id = '{mailboxId}' ORDER BY sent_at", db);
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        var rows = new List<LogRow>();
        while (await reader.ReadAsync(Cancel))
        {
            rows.Add(new LogRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }
        return rows;
    }
}
