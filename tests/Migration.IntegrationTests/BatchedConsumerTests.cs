using MassTransit;
using Migration.Contracts;
using Migration.Contracts.Events;
using RabbitMQ.Client;

namespace Migration.IntegrationTests;

/// <summary>
/// The migrations service takes CredentialSubmitted in batches (one transaction for many): a redelivered message in a
/// batch has its effect once, and a bad message neither holds back the others nor disappears.
/// </summary>
public sealed class BatchedConsumerTests(PlatformFixture platform)
{
    private const string ErrorQueue = "migrations-credential-submitted_error";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_batch_with_a_duplicate_and_a_message_for_an_unknown_mailbox_moves_every_known_mailbox_to_received()
    {
        var (operatorId, key) = await platform.CreateOperatorAsync("Batches");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.DataOnlyPasswordProject);
        var run = Guid.NewGuid().ToString("N")[..8];
        var mailboxes = await platform.AddMailboxesAsync(key, projectId, [.. Enumerable.Range(0, 5).Select(i => $"batch{i}.{run}@contoso.com")]);

        CredentialSubmitted Submitted(Guid mailboxId) => new()
        {
            OperatorId = Guid.Parse(operatorId),
            ProjectId = Guid.Parse(projectId),
            MailboxId = mailboxId,
            CorrelationId = Guid.NewGuid(),
            Kind = CredentialKind.Source,
            CredentialReference = Guid.NewGuid(),
            SubmittedBy = CredentialSubmitter.EndUser,
            SubmittedAt = DateTimeOffset.UtcNow,
        };
        var messages = mailboxes.Select(m => (Id: NewId.NextGuid(), Message: Submitted(Guid.Parse(m.Id)))).ToList();
        var unknown = (Id: NewId.NextGuid(), Message: Submitted(Guid.NewGuid()));
        messages.Insert(2, unknown);
        messages.Add(messages[0]);

        await platform.PublishAsync(messages);

        foreach (var (mailboxId, _) in mailboxes)
        {
            await platform.MailboxWhenAsync(key, projectId, mailboxId, m => m.Status("source") == "received", $"mailbox {mailboxId} received");
        }
        await using var db = await platform.OpenDatabaseAsync(ResourceNames.MigrationsDatabase);
        Assert.Equal(1L, await db.ScalarAsync($"SELECT count(*) FROM inbox_messages WHERE message_id = '{messages[0].Id}'"));
        // After its retries, the bad message is in the error queue, and it was never recorded as handled.
        await Eventually.WaitForAsync(() => ErrorQueueHoldsAsync(unknown.Id), held => held, "the bad message reaching the error queue", seconds: 90);
        Assert.Equal(0L, await db.ScalarAsync($"SELECT count(*) FROM inbox_messages WHERE message_id = '{unknown.Id}'"));
    }

    [Fact]
    public async Task Source_access_keeps_the_later_of_two_credentials_of_one_mailbox_whatever_their_order_in_a_batch()
    {
        var (operatorId, key) = await platform.CreateOperatorAsync("Source batches");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.DataOnlyPasswordProject);
        var run = Guid.NewGuid().ToString("N")[..8];
        var mailboxes = await platform.AddMailboxesAsync(key, projectId, $"first.{run}@contoso.com", $"second.{run}@contoso.com");
        var earlier = DateTimeOffset.UtcNow;

        (Guid Id, CredentialSubmitted Message) Submitted(string mailboxId, int secondsLater) => (NewId.NextGuid(), new CredentialSubmitted
        {
            OperatorId = Guid.Parse(operatorId), ProjectId = Guid.Parse(projectId), MailboxId = Guid.Parse(mailboxId), CorrelationId = Guid.NewGuid(),
            Kind = CredentialKind.Source, CredentialReference = Guid.CreateVersion7(earlier.AddSeconds(secondsLater)),
            SubmittedBy = CredentialSubmitter.Operator, SubmittedAt = earlier.AddSeconds(secondsLater),
        });
        var firstLater = Submitted(mailboxes[0].Id, 1);
        var secondLater = Submitted(mailboxes[1].Id, 1);
        // The later credential first for one mailbox, last for the other, and a redelivery of an earlier one.
        var firstEarlier = Submitted(mailboxes[0].Id, 0);
        List<(Guid, CredentialSubmitted)> messages = [firstLater, firstEarlier, Submitted(mailboxes[1].Id, 0), secondLater, firstEarlier];

        await platform.PublishAsync(messages);

        await using var db = await platform.OpenDatabaseAsync(ResourceNames.SourceAccessDatabase);
        foreach (var (mailboxId, expected) in new[] { (mailboxes[0].Id, firstLater.Message.CredentialReference), (mailboxes[1].Id, secondLater.Message.CredentialReference) })
        {
            await Eventually.WaitForAsync(() => db.ScalarAsync($"SELECT count(*) FROM inbox_messages WHERE consumer = 'CredentialSubmittedConsumer' AND message_id IN ({string.Join(',', messages.Select(m => $"'{m.Item1}'"))})"),
                handled => handled is 4L, "every distinct message handled");
            Assert.Equal(expected, await db.ScalarAsync($"SELECT credential_reference FROM source_mailboxes WHERE id = '{mailboxId}'"));
        }
    }

    /// <summary>Looks through the error queue without taking anything from it: unacknowledged messages go back when the channel closes.</summary>
    private async Task<bool> ErrorQueueHoldsAsync(Guid messageId)
    {
        var factory = new ConnectionFactory { Uri = new Uri(await platform.ConnectionStringAsync(ResourceNames.RabbitMq)) };
        await using var connection = await factory.CreateConnectionAsync(Cancel);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancel);
        try
        {
            await channel.QueueDeclarePassiveAsync(ErrorQueue, Cancel);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return false;
        }
        while (await channel.BasicGetAsync(ErrorQueue, autoAck: false, Cancel) is { } delivery)
        {
            if (delivery.BasicProperties.MessageId == messageId.ToString())
            {
                return true;
            }
        }
        return false;
    }
}
