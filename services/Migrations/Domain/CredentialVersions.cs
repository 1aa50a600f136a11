namespace Migration.Migrations.Domain;

/// <summary>
/// Credential references are UUIDv7 (the vault makes them with Guid.CreateVersion7 when it seals a credential): they
/// sort by the time the credential was stored, so the later of two credentials is the greater reference.
/// </summary>
public static class CredentialVersions
{
    /// <summary>Whether <paramref name="candidate"/> is a later credential than <paramref name="current"/> (none counts as earliest).</summary>
    public static bool IsNewer(Guid candidate, Guid? current) => current is null || candidate.CompareTo(current.Value) > 0;

    /// <summary>Whether <paramref name="candidate"/> was replaced by <paramref name="current"/>.</summary>
    public static bool IsOlder(Guid candidate, Guid? current) => current is not null && candidate.CompareTo(current.Value) < 0;
}
