using System.Text.Json.Serialization;

namespace Migration.Contracts.Reception;

/// <summary>R5 for one end user: what their reception page still asks of them.</summary>
public sealed record EndUserNeeds(bool SourcePassword, bool DestinationPassword, bool OutlookAssistantDownload)
{
    [JsonIgnore]
    public bool AnyCredential => SourcePassword || DestinationPassword;

    [JsonIgnore]
    public bool Any => AnyCredential || OutlookAssistantDownload;
}

/// <summary>
/// Who an end user is, for an email, as the credential-reception service hands it to the notification service; with a
/// <see cref="ReceptionUrl"/> only when a new link was asked for.
/// </summary>
public sealed record EndUserContact(
    Guid MailboxId, string Recipient, string? DisplayName, string CustomerName, string OperatorName, string ProjectName,
    EndUserNeeds Needs, string? ReceptionUrl, DateTimeOffset? ExpiresAt, string OutlookAssistantDownloadUrl)
{
    // The link's token is the end user's authority; the recipient is kept, so that a log of the contact still says whom it was for.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"MailboxId = {MailboxId}, Recipient = {Recipient}, ProjectName = {ProjectName}, Needs = {Needs}, ")
            .Append($"ReceptionUrl = {Redaction.Of(ReceptionUrl)}, ExpiresAt = {ExpiresAt:O}");
        return true;
    }
}
