using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.CredentialReception.Data;

namespace Migration.CredentialReception.Vault;

/// <summary>Where a credential belongs; bound into its ciphertext as associated data.</summary>
public sealed record CredentialAddress(Guid OperatorId, Guid ProjectId, Guid MailboxId, CredentialKind Kind)
{
    public byte[] AssociatedData() => Encoding.UTF8.GetBytes($"credential:v1|{OperatorId:N}|{ProjectId:N}|{MailboxId:N}|{Kind}");

    public static CredentialAddress Of(StoredCredential credential) =>
        new(credential.OperatorId, credential.ProjectId, credential.MailboxId, credential.Kind);
}

/// <summary>A stored credential that cannot be decrypted: moved, tampered with, or its key is gone.</summary>
public sealed class CredentialUnreadableException(Guid credentialId, Exception inner)
    : Exception($"Credential {credentialId} cannot be decrypted.", inner);

/// <summary>Unwrapped data keys, by data key id; they never leave the process.</summary>
public sealed class DataKeyCache
{
    private readonly ConcurrentDictionary<Guid, byte[]> _keys = new();
    private readonly ConcurrentDictionary<Guid, Guid> _operatorKeys = new();

    public bool TryGet(Guid id, out byte[] key) => _keys.TryGetValue(id, out key!);

    public void Set(Guid id, byte[] key) => _keys[id] = key;

    /// <summary>An operator's data key id: it never changes (rotation re-wraps the key, it does not replace it).</summary>
    public bool TryGetForOperator(Guid operatorId, out Guid id, out byte[] key)
    {
        key = [];
        return _operatorKeys.TryGetValue(operatorId, out id) && TryGet(id, out key);
    }

    public void SetForOperator(Guid operatorId, Guid id, byte[] key)
    {
        Set(id, key);
        _operatorKeys[operatorId] = id;
    }
}

/// <summary>
/// Envelope encryption: AES-256-GCM under the operator's data key, which is stored only wrapped by the key provider's
/// key-encryption key.
/// </summary>
public sealed class CredentialVault(CredentialsDbContext db, IKeyEncryptionKeyProvider keyProvider, DataKeyCache cache, TimeProvider clock)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public async Task<StoredCredential> SealAsync(CredentialAddress address, string? username, string secret, CredentialSubmitter submittedBy,
        CancellationToken cancellationToken)
    {
        var (dataKeyId, dataKey) = await DataKeyForAsync(address.OperatorId, cancellationToken);
        var plaintext = Encoding.UTF8.GetBytes(secret);
        try
        {
            var nonce = RandomNumberGenerator.GetBytes(NonceSize);
            var ciphertext = new byte[plaintext.Length + TagSize];
            using var aes = new AesGcm(dataKey, TagSize);
            aes.Encrypt(nonce, plaintext, ciphertext.AsSpan(0, plaintext.Length), ciphertext.AsSpan(plaintext.Length), address.AssociatedData());
            return new StoredCredential
            {
                Id = Guid.CreateVersion7(),
                OperatorId = address.OperatorId,
                ProjectId = address.ProjectId,
                MailboxId = address.MailboxId,
                Kind = address.Kind,
                Username = username,
                DataKeyId = dataKeyId,
                Nonce = nonce,
                Ciphertext = ciphertext,
                SubmittedBy = submittedBy,
                StoredAt = clock.GetUtcNow(),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    public async Task<string> OpenAsync(StoredCredential credential, CancellationToken cancellationToken)
    {
        try
        {
            var dataKey = await DataKeyAsync(credential.DataKeyId, cancellationToken);
            var length = credential.Ciphertext.Length - TagSize;
            var plaintext = new byte[length];
            using var aes = new AesGcm(dataKey, TagSize);
            aes.Decrypt(credential.Nonce, credential.Ciphertext.AsSpan(0, length), credential.Ciphertext.AsSpan(length), plaintext,
                CredentialAddress.Of(credential).AssociatedData());
            var secret = Encoding.UTF8.GetString(plaintext);
            CryptographicOperations.ZeroMemory(plaintext);
            return secret;
        }
        catch (Exception ex) when (ex is CryptographicException or InvalidOperationException)
        {
            throw new CredentialUnreadableException(credential.Id, ex);
        }
    }

    /// <summary>Re-wraps every data key that is not wrapped with the current key-encryption key version.</summary>
    public async Task<int> RewrapAsync(CancellationToken cancellationToken)
    {
        var current = await keyProvider.CurrentVersionAsync(cancellationToken);
        var stale = await db.DataKeys.Where(k => k.KeyEncryptionKeyVersion != current).ToListAsync(cancellationToken);
        foreach (var key in stale)
        {
            var plain = await keyProvider.UnwrapAsync(new WrappedDataKey(key.KeyEncryptionKeyVersion, key.WrappedKey), cancellationToken);
            var rewrapped = await keyProvider.WrapAsync(plain, cancellationToken);
            CryptographicOperations.ZeroMemory(plain);
            key.KeyEncryptionKeyVersion = rewrapped.KeyVersion;
            key.WrappedKey = rewrapped.Wrapped;
        }
        await db.SaveChangesAsync(cancellationToken);
        return stale.Count;
    }

    private async Task<(Guid Id, byte[] Key)> DataKeyForAsync(Guid operatorId, CancellationToken cancellationToken)
    {
        if (cache.TryGetForOperator(operatorId, out var cachedId, out var cachedKey))
        {
            return (cachedId, cachedKey);
        }
        var existing = await db.DataKeys.AsNoTracking().SingleOrDefaultAsync(k => k.OperatorId == operatorId, cancellationToken);
        if (existing is null)
        {
            var fresh = RandomNumberGenerator.GetBytes(32);
            var wrapped = await keyProvider.WrapAsync(fresh, cancellationToken);
            CryptographicOperations.ZeroMemory(fresh);
            // Two first writes of one operator race here; the loser's key is discarded and both use the winner's.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO operator_data_keys (id, operator_id, key_encryption_key_version, wrapped_key, created_at)
                VALUES ({Guid.CreateVersion7()}, {operatorId}, {wrapped.KeyVersion}, {wrapped.Wrapped}, {clock.GetUtcNow()})
                ON CONFLICT (operator_id) DO NOTHING
                """, cancellationToken);
            existing = await db.DataKeys.AsNoTracking().SingleAsync(k => k.OperatorId == operatorId, cancellationToken);
        }
        var key = await DataKeyAsync(existing, cancellationToken);
        cache.SetForOperator(operatorId, existing.Id, key);
        return (existing.Id, key);
    }

    private async Task<byte[]> DataKeyAsync(Guid dataKeyId, CancellationToken cancellationToken)
    {
        if (cache.TryGet(dataKeyId, out var key))
        {
            return key;
        }
        var stored = await db.DataKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == dataKeyId, cancellationToken)
                     ?? throw new InvalidOperationException($"Data key {dataKeyId} does not exist.");
        return await DataKeyAsync(stored, cancellationToken);
    }

    private async Task<byte[]> DataKeyAsync(OperatorDataKey stored, CancellationToken cancellationToken)
    {
        if (cache.TryGet(stored.Id, out var key))
        {
            return key;
        }
        key = await keyProvider.UnwrapAsync(new WrappedDataKey(stored.KeyEncryptionKeyVersion, stored.WrappedKey), cancellationToken);
        cache.Set(stored.Id, key);
        return key;
    }
}
