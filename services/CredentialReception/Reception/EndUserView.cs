using Migration.Contracts.Events;
using Migration.Contracts.Reception;
using Migration.CredentialReception.Data;

namespace Migration.CredentialReception.Reception;

public sealed record PartStatus(string Status, string? Reason);

/// <summary>What the reception page shows one end user: who they are, what is still needed, what was received.</summary>
public sealed record ReceptionView(
    string? DisplayName,
    string SourceAddress,
    string DestinationUpn,
    string CustomerName,
    EndUserNeeds Needs,
    PartStatus Source,
    PartStatus Destination);

public static class EndUserViews
{
    /// <summary>
    /// R5 for one mailbox: the source password when the project uses password access and nobody has given it; the
    /// destination password when R4 requires it, end users are asked for it and nobody has given it; the assistant
    /// download when end users run the Outlook assistant.
    /// </summary>
    public static EndUserNeeds Needs(KnownProject project, bool hasSource, bool hasDestination) => new(
        project.SourcePasswordRequired && !hasSource,
        project.DestinationPasswordRequired && project.DestinationPasswordFromEndUser && !hasDestination,
        project.OutlookAssistantDownload);

    public sealed record HeldCredential(CredentialKind Kind, string? RefusedReason, bool Verified = false);

    public static ReceptionView Build(KnownMailbox mailbox, KnownProject project, IReadOnlyList<HeldCredential> held)
    {
        var source = held.FirstOrDefault(c => c.Kind == CredentialKind.Source);
        var hasSource = source is { RefusedReason: null };
        var destination = held.FirstOrDefault(c => c.Kind == CredentialKind.Destination);
        var hasDestination = held.Any(c => c.Kind == CredentialKind.Destination && c.RefusedReason is null);
        return new ReceptionView(
            mailbox.DisplayName,
            mailbox.SourceAddress,
            mailbox.DestinationUpn,
            project.CustomerName,
            Needs(project, hasSource, hasDestination),
            Status(project.SourcePasswordRequired, hasSource, source?.RefusedReason, source is { RefusedReason: null, Verified: true }),
            // A destination password Microsoft 365 refused (passwordRejected, R7) shows as failed with that reason until a new one arrives.
            Status(project.DestinationPasswordRequired, hasDestination, hasDestination ? null : destination?.RefusedReason));
    }

    /// <summary>The view once a submission that <paramref name="before"/> accepted is stored: what was given is received.</summary>
    public static ReceptionView AfterSubmission(ReceptionView before, bool gaveSource, bool gaveDestination) => before with
    {
        Needs = before.Needs with
        {
            SourcePassword = before.Needs.SourcePassword && !gaveSource,
            DestinationPassword = before.Needs.DestinationPassword && !gaveDestination,
        },
        Source = gaveSource ? new PartStatus("received", null) : before.Source,
        Destination = gaveDestination ? new PartStatus("received", null) : before.Destination,
    };

    /// <summary>A refused credential shows as failed with the source's reason until a new one arrives; one the source opened shows as verified.</summary>
    public static PartStatus Status(bool required, bool received, string? refusedReason, bool verified = false) =>
        !required ? new("notNeeded", null)
        : received ? new(verified ? "verified" : "received", null)
        : refusedReason is not null ? new("failed", refusedReason)
        : new("pending", null);
}
