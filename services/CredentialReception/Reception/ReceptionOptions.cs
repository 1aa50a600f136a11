namespace Migration.CredentialReception.Reception;

public sealed class ReceptionOptions
{
    /// <summary>Where end users reach the gateway; reception links are <c>{PublicBaseUrl}/reception/{token}</c>.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// An invitation call reminds only end users whose last invitation or reminder is at least this old: calls an
    /// operator's system sends at the same moment reach the service one after another, and must not email anyone twice.
    /// </summary>
    public TimeSpan MinimumReminderInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Where the Outlook assistant is downloaded from, for projects whose end users run it themselves.</summary>
    public string OutlookAssistantDownloadUrl { get; set; } = "https://example.invalid/outlook-assistant";
}
