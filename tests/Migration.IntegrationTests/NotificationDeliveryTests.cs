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
