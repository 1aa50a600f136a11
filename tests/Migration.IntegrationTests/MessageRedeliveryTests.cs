using System.Diagnostics;
using MassTransit;
using Migration.Contracts;
using Migration.Contracts.Events;

namespace Migration.IntegrationTests;

/// <summary>
/// A transient failure (a database that went away) never ends in an error queue: the message waits in RabbitMQ and is
/// delivered again once the database is back. A message that can never succeed goes to its error queue, and its mailbox
/// says so.
/// </summary>
public sealed class MessageRedeliveryTests(PlatformFixture platform)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Credentials_entered_while_the_migrations_database_refuses_connections_for_60_s_all_arrive_once_it_is_back_and_no_error_queue_fills()
    {
        var (_, key) = await platform.CreateOperatorAsync("Database outage");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.PasswordProject);
        var run = Guid.NewGuid().ToString("N")[..8];
        var mailboxes = await platform.AddMailboxesAsync(key, projectId, [.. Enumerable.Range(0, 50).Select(i => $"outage{i}.{run}@contoso.com")]);
        var errorsBefore = await platform.ErrorQueueDepthsAsync();

        var outage = Stopwatch.StartNew();
        await using (await platform.BlockDatabaseAsync(ResourceNames.MigrationsDatabase))
        {
            foreach (var (id, _) in mailboxes)
            {
                using var put = await platform.PutCredentialAsync(key, projectId, id, "source", """{ "password": "Outage-Passw0rd" }""");
                Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
            }
            if (outage.Elapsed < Outage)
            {
                await Task.Delay(Outage - outage.Elapsed, TestContext.Current.CancellationToken);
            }
        }

        await using var migrations = await platform.OpenDatabaseAsync(ResourceNames.MigrationsDatabase);
        await Eventually.WaitForAsync(
            // Known here as the current credential: received, or already checked by the source-access service (which ran on
            // during the outage, and whose results were redelivered with the credentials).
            () => migrations.ScalarAsync($"SELECT count(*) FROM mailboxes WHERE project_id = '{projectId}' AND source_credential_reference IS NOT NULL AND source_status <> 'Pending'"),
            received => (long)received! == mailboxes.Count, "every credential arrived", seconds: 300);
        var errorsAfter = await platform.ErrorQueueDepthsAsync();
        Assert.All(errorsAfter, queue => Assert.True(queue.Value <= errorsBefore.GetValueOrDefault(queue.Key),
            $"{queue.Key} holds {queue.Value} message(s), {errorsBefore.GetValueOrDefault(queue.Key)} before the outage"));
        Assert.Contains(platform.Logs.Lines, line => line.Contains("failed transiently", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_credential_event_that_can_never_be_handled_goes_to_the_error_queue_and_its_mailbox_shows_failed_with_internalError()
    {
        var (_, key) = await platform.CreateOperatorAsync("Poison event");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.PasswordProject);
        var (mailboxId, _) = (await platform.AddMailboxesAsync(key, projectId, $"poison.{Guid.NewGuid().ToString("N")[..8]}@contoso.com")).Single();
        var errorsBefore = await platform.ErrorQueueDepthsAsync();

        // Another operator's id: the consumer cannot find the mailbox for it, however often it tries (a bug of the sender).
        await platform.PublishAsync([(NewId.NextGuid(), new CredentialSubmitted
        {
            OperatorId = Guid.NewGuid(),
            ProjectId = Guid.Parse(projectId),
            MailboxId = Guid.Parse(mailboxId),
            CorrelationId = Guid.NewGuid(),
            Kind = CredentialKind.Source,
            CredentialReference = Guid.CreateVersion7(),
            SubmittedBy = CredentialSubmitter.Operator,
            SubmittedAt = DateTimeOffset.UtcNow,
        })]);

        var failed = await platform.MailboxWhenAsync(key, projectId, mailboxId, m => m.State() == "failed", "the mailbox showing the failure");
        Assert.Equal("failed", failed.Status("source"));
        Assert.Equal("internalError", failed["source"]!["reason"]!.GetValue<string>());
        var errorsAfter = await Eventually.WaitForAsync(platform.ErrorQueueDepthsAsync,
            queues => queues.Any(q => q.Key.Contains("credential-submitted") && q.Value > errorsBefore.GetValueOrDefault(q.Key)),
            "the event in the error queue");
        Assert.Single(errorsAfter, q => q.Value > errorsBefore.GetValueOrDefault(q.Key));
    }
}
