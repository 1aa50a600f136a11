using Microsoft.Extensions.Options;
using Migration.Contracts;
using Migration.Contracts.Events;
using Migration.Contracts.Reception;
using Migration.CredentialReception.Api;
using Migration.CredentialReception.Data;
using Migration.Messaging;

namespace Migration.CredentialReception.Reception;

/// <summary>What an end user sends from the reception page.</summary>
public sealed record ReceptionSubmission
{
    public string? SourcePassword { get; init; }
    public string? DestinationPassword { get; init; }

    // The compiler-written ToString would print the passwords.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"SourcePassword = {Redaction.Of(SourcePassword)}, DestinationPassword = {Redaction.Of(DestinationPassword)}");
        return true;
    }
}

/// <summary>Checks a submission against what the mailbox still needs and stores it; shared by the page and the JSON API.</summary>
public sealed class ReceptionIntake(CredentialWriter writer, CredentialIntake intake, IOptions<ReceptionOptions> options, TimeProvider clock)
{
    /// <summary>
    /// Field errors (400, nothing stored), or the view after everything given was stored; both null when the project was
    /// purged meanwhile, which makes the link as invalid as a revoked one.
    /// </summary>
    public async Task<(Dictionary<string, string[]>? Errors, ReceptionView? After)> SubmitAsync(KnownMailbox mailbox, KnownProject project, ReceptionView view,
        ReceptionSubmission submission, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        Check(errors, "sourcePassword", submission.SourcePassword, view.Needs.SourcePassword);
        Check(errors, "destinationPassword", submission.DestinationPassword, view.Needs.DestinationPassword);
        if (errors.Count == 0 && string.IsNullOrEmpty(submission.SourcePassword) && string.IsNullOrEmpty(submission.DestinationPassword))
        {
            errors[view.Needs.SourcePassword ? "sourcePassword" : "destinationPassword"] = ["Enter the password asked for."];
        }
        if (errors.Count > 0)
        {
            return (errors, null);
        }

        var correlationId = Guid.CreateVersion7();
        var credentials = new List<StoredCredential>(2);
        if (!string.IsNullOrEmpty(submission.SourcePassword))
        {
            credentials.Add(await intake.SealAsync(mailbox, CredentialKind.Source, null, submission.SourcePassword, CredentialSubmitter.EndUser, cancellationToken));
        }
        if (!string.IsNullOrEmpty(submission.DestinationPassword))
        {
            credentials.Add(await intake.SealAsync(mailbox, CredentialKind.Destination, null, submission.DestinationPassword, CredentialSubmitter.EndUser, cancellationToken));
        }
        var events = credentials.Select(c => Outbox.Message(CredentialIntake.Submitted(c, correlationId), clock)).ToList();
        var after = EndUserViews.AfterSubmission(view, credentials.Any(c => c.Kind == CredentialKind.Source), credentials.Any(c => c.Kind == CredentialKind.Destination));
        if (!after.Needs.AnyCredential)
        {
            events.Add(Outbox.Message(Completed(mailbox, project, after.Needs, correlationId), clock));
        }
        // A needed password is either missing or was refused; only a refused one is there to be replaced.
        return await writer.WriteAsync(mailbox.ProjectId, credentials, Replacing.RefusedOnly, events, cancellationToken) switch
        {
            CredentialWriteOutcome.Written => (null, after),
            CredentialWriteOutcome.AlreadyHeld => (new() { [credentials[0].Kind == CredentialKind.Source ? "sourcePassword" : "destinationPassword"] =
                ["This password was just received from another submission."] }, null),
            _ => (null, null),
        };
    }

    private EndUserCredentialsCompleted Completed(KnownMailbox mailbox, KnownProject project, EndUserNeeds needs, Guid correlationId) => new()
    {
        OperatorId = mailbox.OperatorId,
        ProjectId = mailbox.ProjectId,
        MailboxId = mailbox.Id,
        CorrelationId = correlationId,
        Contact = new EndUserContact(mailbox.Id, mailbox.SourceAddress, mailbox.DisplayName, project.CustomerName, project.OperatorName,
            project.Name, needs, ReceptionUrl: null, ExpiresAt: null, options.Value.OutlookAssistantDownloadUrl),
        CompletedAt = clock.GetUtcNow(),
    };

    private static void Check(Dictionary<string, string[]> errors, string field, string? value, bool needed)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }
        if (!needed)
        {
            errors[field] = ["This password is not needed from you."];
        }
        else if (CredentialIntake.WhyInvalid(value) is { } invalid)
        {
            errors[field] = [invalid];
        }
    }
}
