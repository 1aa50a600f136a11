namespace Migration.SourceAccess.Verification.Office365;

/// <summary>Section <c>SourceAccess:Office365</c>.</summary>
public sealed class Office365Options
{
    /// <summary>
    /// The public client (an app registration allowing public client flows, with the delegated Mail.Read permission) whose
    /// id the resource-owner password grant signs users in with. The password grant has no secret of its own.
    /// </summary>
    public string? PublicClientId { get; set; }
}
