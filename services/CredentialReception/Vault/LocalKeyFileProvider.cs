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
        _keys = LoadOrCreate(path);
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
            var current = LoadOrCreate(_path);
            var next = (current.Versions.Max(v => int.Parse(v.Version)) + 1).ToString();
            _keys = new KeyFile([.. current.Versions, NewVersion(next)]);
            Write(_path, _keys);
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
        try { _keys = LoadOrCreate(_path); } finally { _lock.Release(); }
    }

    private static byte[] AssociatedData(string version) => System.Text.Encoding.UTF8.GetBytes($"migration-kek:{version}");

    private static KeyFile LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return JsonSerializer.Deserialize<KeyFile>(File.ReadAllText(path)) ?? throw new CryptographicException($"{path} is empty.");
        }
        var keys = new KeyFile([NewVersion("1")]);
        Write(path, keys);
        return keys;
    }

    private static KeyVersion NewVersion(string version) =>
        new(version, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), DateTimeOffset.UtcNow);

    /// <summary>Written to a private temporary file and renamed, so a reader never sees half a file.</summary>
    private static void Write(string path, KeyFile keys)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, keys);
        }
        File.Move(temporary, path, overwrite: true);
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
