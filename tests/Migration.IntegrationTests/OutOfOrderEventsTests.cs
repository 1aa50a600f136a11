using MassTransit;
using Migration.Contracts;
using Migration.Contracts.Events;

namespace Migration.IntegrationTests;

/// <summary>
/// Events about one mailbox can arrive in any order (a redelivery, a retry, two publishers): an older credential never
/// replaces a newer one, and a check result that arrives before its credential is kept.
/// </summary>
public sealed class OutOfOrderEventsTests(PlatformFixture platform)
{
    [Fact]
    public async Task An_older_CredentialSubmitted_delivered_after_a_newer_one_changes_nothing_for_either_kind()
    {
        var (key, projectId, mailboxId, operatorId) = await MailboxAsync("Late credentials");
        var older = Guid.CreateVersion7(DateTimeOffset.UtcNow.AddMinutes(-1));
        var newer = Guid.CreateVersion7();

        await PublishAndWaitAsync(Submitted(operatorId, projectId, mailboxId, CredentialKind.Source, newer));
        await PublishAndWaitAsync(Submitted(operatorId, projectId, mailboxId, CredentialKind.Destination, newer));
        await PublishAndWaitAsync(Refused(operatorId, projectId, mailboxId, newer));
        var refused = await platform.MailboxAsync(key, $"{projectId}", $"{mailboxId}");
        Assert.Equal("failed", refused.Status("source"));

        await PublishAndWaitAsync(Submitted(operatorId, projectId, mailboxId, CredentialKind.Source, older));
        await PublishAndWaitAsync(Submitted(operatorId, projectId, mailboxId, CredentialKind.Destination, older));

        var after = await platform.MailboxAsync(key, $"{projectId}", $"{mailboxId}");
        Assert.Equal("failed", after.State());
        Assert.Equal("invalidPassword", after["source"]!["reason"]!.GetValue<string>());
        Assert.Equal("received", after.Status("destination"));
        await using var migrations = await platform.OpenDatabaseAsync(ResourceNames.MigrationsDatabase);
        Assert.Equal(newer, await migrations.ScalarAsync($"SELECT source_credential_reference FROM mailboxes WHERE id = '{mailboxId}'"));
        Assert.Equal(newer, await migrations.ScalarAsync($"SELECT destination_credential_reference FROM mailboxes WHERE id = '{mailboxId}'"));
    }

    [Fact]
    public async Task A_SourceAccessFailed_that_arrives_before_its_CredentialSubmitted_leaves_the_mailbox_failed_with_its_reason()
    {
        var (key, projectId, mailboxId, operatorId) = await MailboxAsync("Early result");
        var credential = Guid.CreateVersion7();

        await PublishAndWaitAsync(Refused(operatorId, projectId, mailboxId, credential));
        await PublishAndWaitAsync(Submitted(operatorId, projectId, mailboxId, CredentialKind.Source, credential));

        var mailbox = await platform.MailboxAsync(key, $"{projectId}", $"{mailboxId}");
        Assert.Equal("failed", mailbox.State());
        Assert.Equal("failed", mailbox.Status("source"));
        Assert.Equal("invalidPassword", mailbox["source"]!["reason"]!.GetValue<string>());

        // A newer credential cures it; a late result about the older one is still ignored.
        var replacement = Guid.CreateVersion7();
        await PublishAndWaitAsync(Submitted(operatorId, projectId, mailboxId, CredentialKind.Source, replacement));
        await PublishAndWaitAsync(Refused(operatorId, projectId, mailboxId, credential));
        var cured = await platform.MailboxAsync(key, $"{projectId}", $"{mailboxId}");
        Assert.Equal("received", cured.Status("source"));
        Assert.Null(cured["source"]!["reason"]);
    }

    private async Task<(string Key, Guid ProjectId, Guid MailboxId, Guid OperatorId)> MailboxAsync(string operatorName)
    {
        var (_, key) = await platform.CreateOperatorAsync(operatorName);
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.PasswordProject);
        var (mailboxId, _) = (await platform.AddMailboxesAsync(key, projectId, $"order.{Guid.NewGuid().ToString("N")[..8]}@contoso.com")).Single();
        await using var migrations = await platform.OpenDatabaseAsync(ResourceNames.MigrationsDatabase);
        var operatorId = (Guid)(await migrations.ScalarAsync($"SELECT operator_id FROM mailboxes WHERE id = '{mailboxId}'"))!;
        return (key, Guid.Parse(projectId), Guid.Parse(mailboxId), operatorId);
    }

    private static CredentialSubmitted Submitted(Guid operatorId, Guid projectId, Guid mailboxId, CredentialKind kind, Guid reference) => new()
    {
        OperatorId = operatorId,
        ProjectId = projectId,
        MailboxId = mailboxId,
        CorrelationId = Guid.NewGuid(),
        Kind = kind,
        CredentialReference = reference,
        SubmittedBy = CredentialSubmitter.Operator,
        SubmittedAt = DateTimeOffset.UtcNow,
    };

    private static SourceAccessFailed Refused(Guid operatorId, Guid projectId, Guid mailboxId, Guid reference) => new()
    {
        OperatorId = operatorId,
        ProjectId = projectId,
        MailboxId = mailboxId,
        CorrelationId = Guid.NewGuid(),
        CredentialReference = reference,
        Reason = SourceAccessReasons.InvalidPassword,
        CheckedAt = DateTimeOffset.UtcNow,
    };

    /// <summary>Publishes one event as its service would and waits until the migrations service has handled it.</summary>
    private async Task PublishAndWaitAsync<T>(T message) where T : class
    {
        var messageId = NewId.NextGuid();
        await platform.PublishAsync([(messageId, message)]);
        await using var db = await platform.OpenDatabaseAsync(ResourceNames.MigrationsDatabase);
        await Eventually.WaitForAsync(() => db.ScalarAsync($"SELECT count(*) FROM inbox_messages WHERE message_id = '{messageId}'"),
            count => (long)count! > 0, $"the migrations service handling {typeof(T).Name} {messageId}");
    }
}
