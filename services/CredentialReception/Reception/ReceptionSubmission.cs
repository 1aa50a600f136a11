using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
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
}

/// <summary>Checks a submission against what the mailbox still needs and stores it; shared by the page and the JSON API.</summary>
public sealed class ReceptionIntake(CredentialsDbContext db, CredentialIntake intake, IOptions<ReceptionOptions> options, TimeProvider clock)
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

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await intake.HoldOpenProjectAsync(mailbox.ProjectId, cancellationToken))
        {
            return (null, null);
        }
        var correlationId = Guid.CreateVersion7();
        var gaveSource = !string.IsNullOrEmpty(submission.SourcePassword);
        var gaveDestination = !string.IsNullOrEmpty(submission.DestinationPassword);
        if (gaveSource)
        {
            // A needed password is either missing or was refused; only a refused one is there to be replaced.
            if (view.Source.Status == "failed")
            {
                await intake.RemoveEarlierAsync([mailbox.Id], CredentialKind.Source, cancellationToken);
            }
            await intake.StoreAsync(mailbox, CredentialKind.Source, null, submission.SourcePassword!, CredentialSubmitter.EndUser, correlationId, cancellationToken);
        }
        if (gaveDestination)
        {
            await intake.StoreAsync(mailbox, CredentialKind.Destination, null, submission.DestinationPassword!, CredentialSubmitter.EndUser, correlationId, cancellationToken);
        }
        var after = EndUserViews.AfterSubmission(view, gaveSource, gaveDestination);
        if (!after.Needs.AnyCredential)
        {
            db.AddEvent(Completed(mailbox, project, after.Needs, correlationId), clock);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Two submissions on one link at once: the other one was stored first, and this one changes nothing.
            return (new() { [gaveSource ? "sourcePassword" : "destinationPassword"] = ["This password was just received from another submission."] }, null);
        }
        await transaction.CommitAsync(cancellationToken);
        return (null, after);
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
