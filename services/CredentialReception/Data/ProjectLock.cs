using System.Buffers.Binary;

namespace Migration.CredentialReception.Data;

/// <summary>
/// Orders a project's purge against credential writes: every write holds the project's transaction-scoped advisory lock
/// shared, the purge holds it exclusively. A write either commits before the purge deletes (and is deleted with the rest)
/// or waits and then finds the project purged. An advisory lock, not a row lock: many concurrent writes holding one
/// project row FOR SHARE make PostgreSQL rewrite the row's locker as a new multixact on every write.
/// </summary>
public static class ProjectLock
{
    public const string Shared = "SELECT pg_advisory_xact_lock_shared($1)";

    /// <summary>The lock's key: the project id folded to 64 bits. Two projects sharing a key only wait for each other.</summary>
    public static long Key(Guid projectId)
    {
        Span<byte> bytes = stackalloc byte[16];
        projectId.TryWriteBytes(bytes);
        return BinaryPrimitives.ReadInt64LittleEndian(bytes) ^ BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]);
    }

    /// <summary>The key that makes a project's invitation calls take turns; apart from <see cref="Key"/>, so they never wait for credential writes.</summary>
    public static long InvitationsKey(Guid projectId) => ~Key(projectId);

    /// <summary>The key that makes a project's bulk credential uploads take turns.</summary>
    public static long BulkUploadKey(Guid projectId) => Key(projectId) ^ 0x2545F4914F6CDD1D;
}
