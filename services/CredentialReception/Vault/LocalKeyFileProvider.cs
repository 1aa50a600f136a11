using System.Security.Cryptography;
using System.Text.Json;
using Migration.Contracts;

namespace Migration.CredentialReception.Vault;

/// <summary>
/// Key-encryption keys in a local JSON file (mode 0600): for local runs and tests. Wrapping is AES-256-GCM:
/// nonce (12 bytes), wrapped key, tag (16 bytes).
/// </summary>
public sealed class LocalKeyFileProvider : IKeyEncryptionKeyProvider
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly string _path;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private KeyFile _keys;

    public LocalKeyFileProvider(string path)
    {
        _path = path;
        _keys = File.Exists(path) ? Load(path) : Create(path);
    }

    /// <summary>
    /// Refuses (with what to do) when data keys in the database are wrapped by key versions the file does not hold, or the
    /// file is missing: creating a new key then would leave every stored credential unreadable, and each new one sealed
    /// under a key no backup has.
    /// </summary>
    public static void EnsureHoldsVersions(string path, IReadOnlyCollection<string> versionsInUse)
    {
        if (versionsInUse.Count == 0)
        {
            return;
        }
        var missing = File.Exists(path)
            ? versionsInUse.Except(Load(path).Versions.Select(v => v.Version)).Order().ToList()
            : versionsInUse.Order().ToList();
        if (missing.Count > 0)
        {
            throw new KeyEncryptionKeyMissingException(
                $"The vault's key file {path} {(File.Exists(path) ? "lacks" : "is missing, and with it")} key-encryption key version(s) " +
                $"{string.Join(", ", missing)}, which wrap operator data keys in the database: without them the stored credentials " +
                "cannot be decrypted. Restore the key file from its backup (or set Vault:LocalKeyFile to it); the service does not " +
                "create a new key while data keys exist.");
        }
    }

    public Task<string> CurrentVersionAsync(CancellationToken cancellationToken) => Task.FromResult(_keys.Versions[^1].Version);

    public Task<WrappedDataKey> WrapAsync(byte[] dataKey, CancellationToken cancellationToken)
    {
        var current = _keys.Versions[^1];
        var output = new byte[NonceSize + dataKey.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(Convert.FromBase64String(current.Key), TagSize);
        aes.Encrypt(nonce, dataKey, output.AsSpan(NonceSize, dataKey.Length), output.AsSpan(NonceSize + dataKey.Length), AssociatedData(current.Version));
        return Task.FromResult(new WrappedDataKey(current.Version, output));
    }

    public async Task<byte[]> UnwrapAsync(WrappedDataKey wrapped, CancellationToken cancellationToken)
    {
        var version = _keys.Versions.FirstOrDefault(v => v.Version == wrapped.KeyVersion);
        if (version is null)
        {
            // Another instance may have rotated since this one loaded the file.
            await ReloadAsync(cancellationToken);
            version = _keys.Versions.FirstOrDefault(v => v.Version == wrapped.KeyVersion)
                      ?? throw new CryptographicException($"Key-encryption key version {wrapped.KeyVersion} is unknown.");
        }
        var data = wrapped.Wrapped;
        var plaintext = new byte[data.Length - NonceSize - TagSize];
        using var aes = new AesGcm(Convert.FromBase64String(version.Key), TagSize);
        aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize, plaintext.Length), data.AsSpan(NonceSize + plaintext.Length), plaintext, AssociatedData(version.Version));
        return plaintext;
    }

    public async Task<string> RotateAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var current = Load(_path);
            var next = (current.Versions.Max(v => int.Parse(v.Version)) + 1).ToString();
            _keys = new KeyFile([.. current.Versions, NewVersion(next)]);
            Write(_path, _keys, overwrite: true);
            return next;
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try { _keys = Load(_path); } finally { _lock.Release(); }
    }

    private static byte[] AssociatedData(string version) => System.Text.Encoding.UTF8.GetBytes($"migration-kek:{version}");

    /// <summary>Only a first start creates the file; a file gone later is an error, never a reason for a new key.</summary>
    private static KeyFile Load(string path) =>
        File.Exists(path)
            ? JsonSerializer.Deserialize<KeyFile>(File.ReadAllText(path)) ?? throw new CryptographicException($"{path} is empty.")
            : throw new KeyEncryptionKeyMissingException($"The vault's key file {path} has disappeared; restore it from its backup.");

    private static KeyFile Create(string path)
    {
        try
        {
            var keys = new KeyFile([NewVersion("1")]);
            Write(path, keys, overwrite: false);
            return keys;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another instance created it first: its key is the one.
            return Load(path);
        }
    }

    private static KeyVersion NewVersion(string version) =>
        new(version, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), DateTimeOffset.UtcNow);

    /// <summary>Written to a private temporary file and renamed, so a reader never sees half a file.</summary>
    private static void Write(string path, KeyFile keys, bool overwrite)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = PrivateFile.CreateNew(temporary))
            {
                JsonSerializer.Serialize(stream, keys);
            }
            File.Move(temporary, path, overwrite);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private sealed record KeyFile(KeyVersion[] Versions);

    private sealed record KeyVersion(string Version, string Key, DateTimeOffset CreatedAt)
    {
        private bool PrintMembers(System.Text.StringBuilder builder)
        {
            builder.Append($"Version = {Version}, Key = {Redaction.Of(Key)}, CreatedAt = {CreatedAt:O}");
            return true;
        }
    }
}

/// <summary>The key-encryption key that wraps stored data keys cannot be found.</summary>
public sealed class KeyEncryptionKeyMissingException(string message) : InvalidOperationException(message);
