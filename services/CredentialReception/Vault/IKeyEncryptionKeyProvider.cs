namespace Migration.CredentialReception.Vault;

/// <summary>A data key wrapped by one version of the key-encryption key.</summary>
public sealed record WrappedDataKey(string KeyVersion, byte[] Wrapped);

/// <summary>
/// Holds the key-encryption key (a local key file in development, a KMS such as Azure Key Vault in production). New data
/// keys are wrapped with the current version; every earlier version stays able to unwrap.
/// </summary>
public interface IKeyEncryptionKeyProvider
{
    Task<WrappedDataKey> WrapAsync(byte[] dataKey, CancellationToken cancellationToken);
    Task<byte[]> UnwrapAsync(WrappedDataKey wrapped, CancellationToken cancellationToken);
    Task<string> CurrentVersionAsync(CancellationToken cancellationToken);

    /// <summary>Creates a new key version, used for every wrap from now on.</summary>
    Task<string> RotateAsync(CancellationToken cancellationToken);
}

public sealed class VaultOptions
{
    /// <summary><c>local</c> (a key file) or <c>azureKeyVault</c>.</summary>
    public string KeyProvider { get; set; } = "local";

    /// <summary>The local key file; created with mode 0600 on first use.</summary>
    public string? LocalKeyFile { get; set; }

    /// <summary>The Key Vault key's identifier, e.g. https://contoso.vault.azure.net/keys/credentials-kek.</summary>
    public string? AzureKeyVaultKeyId { get; set; }

    /// <summary>Credentials are purged at the latest this long after their project was created.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);
    public TimeSpan RetentionCheckInterval { get; set; } = TimeSpan.FromHours(1);
}
