namespace Migration.CredentialReception.Reception;

public sealed class ReceptionOptions
{
    /// <summary>Where end users reach the gateway; reception links are <c>{PublicBaseUrl}/reception/{token}</c>.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Where the Outlook assistant is downloaded from, for projects whose end users run it themselves.</summary>
    public string OutlookAssistantDownloadUrl { get; set; } = "https://example.invalid/outlook-assistant";
}
