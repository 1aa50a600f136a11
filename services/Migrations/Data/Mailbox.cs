using Migration.Migrations.Domain;

namespace Migration.Migrations.Data;

public sealed class Mailbox
{
    public Guid Id { get; init; }
    public Guid ProjectId { get; init; }
    public Guid OperatorId { get; init; }

    /// <summary>Insertion order, for stable paging.</summary>
    public long Sequence { get; init; }

    /// <summary>Lower-cased, so that duplicates are found whatever the spelling.</summary>
    public required string SourceAddress { get; init; }
    public required string DestinationUpn { get; init; }
    public string? DisplayName { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public DateOnly? PasswordLastSet { get; init; }
    public DateOnly? PasswordExpires { get; init; }

    public MailboxState State { get; set; }
    public SourceStatus SourceStatus { get; set; }
    public string? SourceReason { get; set; }

    /// <summary>
    /// The vault entry of the current source credential (see <see cref="CredentialVersions"/>): a check of an earlier
    /// one, or an earlier one delivered late, changes nothing.
    /// </summary>
    public Guid? SourceCredentialReference { get; set; }
    public DestinationStatus DestinationStatus { get; set; }
    public string? DestinationReason { get; set; }

    /// <summary>The vault entry of the current destination credential: an earlier one delivered late changes nothing.</summary>
    public Guid? DestinationCredentialReference { get; set; }
    public ProvisioningStatus ProvisioningStatus { get; set; }
    public string? ProvisioningReason { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    public MailboxProgress Progress
    {
        get => new(State, SourceStatus, DestinationStatus, ProvisioningStatus);
        set => (State, SourceStatus, DestinationStatus, ProvisioningStatus) = (value.State, value.Source, value.Destination, value.Provisioning);
    }
}
