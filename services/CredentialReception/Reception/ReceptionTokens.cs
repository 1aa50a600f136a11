using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Migration.CredentialReception.Data;

namespace Migration.CredentialReception.Reception;

/// <summary>Reception links: 256-bit random tokens, stored only as SHA-256 hashes, expiring and revocable.</summary>
public sealed class ReceptionTokens(CredentialsDbContext db, EndUserLookup lookup, IOptions<ReceptionOptions> options, TimeProvider clock)
{
    public const int TokenLength = 43;

    /// <summary>A new link for the mailbox; the token is returned once and never stored.</summary>
    public (string Token, ReceptionLink Link) Issue(KnownMailbox mailbox)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var link = new ReceptionLink
        {
            Id = Guid.CreateVersion7(),
            TokenHash = Hash(token),
            MailboxId = mailbox.Id,
            ProjectId = mailbox.ProjectId,
            OperatorId = mailbox.OperatorId,
            CreatedAt = now,
            ExpiresAt = now + options.Value.LinkLifetime,
        };
        db.ReceptionLinks.Add(link);
        return (token, link);
    }

    public string Url(string token) => $"{options.Value.PublicBaseUrl.TrimEnd('/')}/reception/{token}";

    /// <summary>The mailbox a valid link opens, with its project and view; null for an unknown, expired or revoked token, alike.</summary>
    public Task<(KnownMailbox Mailbox, KnownProject Project, ReceptionView View)?> OpenAsync(string token, CancellationToken cancellationToken) =>
        token.Length != TokenLength ? Task.FromResult<(KnownMailbox, KnownProject, ReceptionView)?>(null)
        : lookup.ByLinkAsync(Hash(token), clock.GetUtcNow(), cancellationToken);

    private static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token));
}
