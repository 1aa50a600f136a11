namespace Migration.Notification.Email;

public sealed record EndUserNeeds(bool SourcePassword, bool DestinationPassword, bool OutlookAssistantDownload)
{
    public bool AnyCredential => SourcePassword || DestinationPassword;
}

/// <summary>An end user's contact details as the credential-reception service hands them out.</summary>
public sealed record EndUserContact(
    Guid MailboxId, string Recipient, string? DisplayName, string CustomerName, string OperatorName, string ProjectName,
    EndUserNeeds Needs, string? ReceptionUrl, DateTimeOffset? ExpiresAt, string OutlookAssistantDownloadUrl);
