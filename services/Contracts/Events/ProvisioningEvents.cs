namespace Migration.Contracts.Events;

/// <summary>What the provisioning service is to do for one mailbox (R7).</summary>
public enum ProvisioningAction
{
    /// <summary><c>createAccounts</c>: find the user by UPN, create it when absent with the gathered password, assign the licence.</summary>
    CreateAccount,

    /// <summary><c>setDestinationPasswords</c> on existing accounts: set the gathered password on the user.</summary>
    SetPassword,
}

/// <summary>
/// The migrations service found a mailbox ready for provisioning: its destination password is in the vault
/// (<see cref="DestinationCredentialReference"/>) and its source is verified or not needed. The event carries everything
/// the provisioning service needs, so it keeps no copy of projects. A later request for the same mailbox with another
/// credential reference supersedes an earlier one.
/// </summary>
public sealed record ProvisioningRequested : IProjectEvent
{
    public required Guid OperatorId { get; init; }
    public required Guid ProjectId { get; init; }
    public required Guid MailboxId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required ProvisioningAction Action { get; init; }

    /// <summary>The destination Entra tenant: its id when the project names one, else its domain (both sign in).</summary>
    public required string Tenant { get; init; }
    public required string DestinationUpn { get; init; }
    public string? DisplayName { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }

    /// <summary>ISO 3166 alpha-2, required by Graph before a licence can be assigned; API.md's default is <c>US</c>.</summary>
    public required string UsageLocation { get; init; }

    /// <summary>A SKU part number such as <c>ENTERPRISEPACK</c>, resolved through <c>subscribedSkus</c>; null assigns none.</summary>
    public string? LicenseSku { get; init; }
    public required Guid DestinationCredentialReference { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
}

/// <summary>The destination account exists with the gathered password (and the licence, when the project names one).</summary>
public sealed record DestinationAccountProvisioned : IProjectEvent
{
    public required Guid OperatorId { get; init; }
    public required Guid ProjectId { get; init; }
    public required Guid MailboxId { get; init; }
    public required Guid CorrelationId { get; init; }

    /// <summary>The Entra object id of the user.</summary>
    public required string UserId { get; init; }

    /// <summary>True when the UPN already existed and was adopted rather than created.</summary>
    public required bool Adopted { get; init; }
    public string? LicenseSku { get; init; }
    public required Guid DestinationCredentialReference { get; init; }
    public required DateTimeOffset ProvisionedAt { get; init; }
}

/// <summary>The gathered password was set on an existing destination account.</summary>
public sealed record DestinationPasswordSet : IProjectEvent
{
    public required Guid OperatorId { get; init; }
    public required Guid ProjectId { get; init; }
    public required Guid MailboxId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required string UserId { get; init; }
    public required Guid DestinationCredentialReference { get; init; }
    public required DateTimeOffset SetAt { get; init; }
}

/// <summary>Provisioning could not be done; <see cref="Reason"/> is one of <see cref="ProvisioningReasons"/>.</summary>
public sealed record ProvisioningFailed : IProjectEvent
{
    public required Guid OperatorId { get; init; }
    public required Guid ProjectId { get; init; }
    public required Guid MailboxId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required string Reason { get; init; }
    public required Guid DestinationCredentialReference { get; init; }
    public required DateTimeOffset FailedAt { get; init; }
}

/// <summary>The reason codes of API.md for a failed provisioning step.</summary>
public static class ProvisioningReasons
{
    /// <summary>Graph refused the password (complexity); in a reception project the end user is asked again.</summary>
    public const string PasswordRejected = "passwordRejected";

    /// <summary><c>setDestinationPasswords</c> without <c>createAccounts</c>, and no user has the UPN.</summary>
    public const string MailboxNotFound = "mailboxNotFound";

    /// <summary>The UPN exists but belongs to someone the project cannot adopt (e.g. the UPN is taken by a non-user object).</summary>
    public const string AlreadyExists = "alreadyExists";

    /// <summary>The project's SKU is not subscribed in the tenant, or has no free seat.</summary>
    public const string LicenseUnavailable = "licenseUnavailable";

    /// <summary>The platform's app has no consent or role in the destination tenant.</summary>
    public const string ConsentMissing = "consentMissing";
    public const string InternalError = "internalError";
}
