using Migration.Contracts.Events;

namespace Migration.Contracts.Internal;

/// <summary>
/// A secret as the vault's internal API hands it to another service of the platform (<c>GET /internal/credentials/{id}</c>);
/// only that API ever answers one, and its <c>ToString()</c> never shows the password.
/// </summary>
public sealed record CredentialSecret(Guid CredentialId, Guid MailboxId, CredentialKind Kind, string? Username, string Password)
{
    public static string Path(Guid credentialId, string reason) => $"/internal/credentials/{credentialId}?reason={Uri.EscapeDataString(reason)}";

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"CredentialId = {CredentialId}, MailboxId = {MailboxId}, Kind = {Kind}, Username = {Username}, Password = {Redaction.Of(Password)}");
        return true;
    }
}
