using System.Security.Cryptography;
using Migration.CredentialReception.Vault;

namespace Migration.UnitTests;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LocalKeyFileProviderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kek-tests").FullName;
    private string KeyFile => Path.Combine(_folder, "keys", "kek.json");

    [Fact]
    public async Task The_key_file_is_created_private_and_a_wrapped_key_unwraps()
    {
        var provider = new LocalKeyFileProvider(KeyFile);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var wrapped = await provider.WrapAsync(dataKey, CancellationToken.None);
        Assert.Equal("1", wrapped.KeyVersion);
        Assert.DoesNotContain(Convert.ToBase64String(dataKey), File.ReadAllText(KeyFile));
        Assert.Equal(dataKey, await provider.UnwrapAsync(wrapped, CancellationToken.None));
    }

    [Fact]
    public async Task After_rotation_new_wraps_use_the_new_version_and_old_ones_still_unwrap_also_in_a_second_instance()
    {
        var provider = new LocalKeyFileProvider(KeyFile);
        var old = await provider.WrapAsync([1, 2, 3], CancellationToken.None);
        var secondInstance = new LocalKeyFileProvider(KeyFile);
        Assert.Equal("2", await provider.RotateAsync(CancellationToken.None));
        var fresh = await provider.WrapAsync([4, 5, 6], CancellationToken.None);
        Assert.Equal("2", fresh.KeyVersion);
        Assert.Equal([1, 2, 3], await provider.UnwrapAsync(old, CancellationToken.None));
        // The second instance loaded the file before the rotation and learns of version 2 when it meets it.
        Assert.Equal([4, 5, 6], await secondInstance.UnwrapAsync(fresh, CancellationToken.None));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
    }

    [Fact]
    public async Task A_tampered_wrapped_key_or_another_version_does_not_unwrap()
    {
        var provider = new LocalKeyFileProvider(KeyFile);
        var wrapped = await provider.WrapAsync(RandomNumberGenerator.GetBytes(32), CancellationToken.None);
        var tampered = wrapped.Wrapped.ToArray();
        tampered[^1] ^= 1;
        await Assert.ThrowsAnyAsync<CryptographicException>(() => provider.UnwrapAsync(wrapped with { Wrapped = tampered }, CancellationToken.None));
        await provider.RotateAsync(CancellationToken.None);
        await Assert.ThrowsAnyAsync<CryptographicException>(() => provider.UnwrapAsync(wrapped with { KeyVersion = "2" }, CancellationToken.None));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => provider.UnwrapAsync(wrapped with { KeyVersion = "9" }, CancellationToken.None));
    }

    [Fact]
    public void A_missing_key_file_while_data_keys_exist_refuses_with_what_to_do_and_creates_no_new_key()
    {
        var refused = Assert.Throws<KeyEncryptionKeyMissingException>(() => LocalKeyFileProvider.EnsureHoldsVersions(KeyFile, ["1", "2"]));
        Assert.Contains(KeyFile, refused.Message);
        Assert.Contains("1, 2", refused.Message);
        Assert.Contains("Restore the key file", refused.Message);
        Assert.False(File.Exists(KeyFile));
    }

    [Fact]
    public async Task A_key_file_that_lacks_a_version_in_use_refuses_and_one_that_holds_them_all_passes()
    {
        var provider = new LocalKeyFileProvider(KeyFile);
        await provider.RotateAsync(CancellationToken.None);
        LocalKeyFileProvider.EnsureHoldsVersions(KeyFile, ["1", "2"]);
        var refused = Assert.Throws<KeyEncryptionKeyMissingException>(() => LocalKeyFileProvider.EnsureHoldsVersions(KeyFile, ["2", "3"]));
        Assert.Contains("lacks key-encryption key version(s) 3,", refused.Message);
    }

    [Fact]
    public void Without_data_keys_a_first_start_may_create_the_key_file()
    {
        LocalKeyFileProvider.EnsureHoldsVersions(KeyFile, []);
        _ = new LocalKeyFileProvider(KeyFile);
        Assert.True(File.Exists(KeyFile));
    }

    [Fact]
    public async Task A_key_file_that_disappears_while_running_is_an_error_not_a_new_key()
    {
        var provider = new LocalKeyFileProvider(KeyFile);
        var wrapped = await provider.WrapAsync([1, 2, 3], CancellationToken.None);
        File.Delete(KeyFile);
        await Assert.ThrowsAsync<KeyEncryptionKeyMissingException>(() => provider.RotateAsync(CancellationToken.None));
        await Assert.ThrowsAsync<KeyEncryptionKeyMissingException>(() => provider.UnwrapAsync(wrapped with { KeyVersion = "2" }, CancellationToken.None));
        Assert.False(File.Exists(KeyFile));
    }

    [Fact]
    public void The_key_folder_is_private_too()
    {
        _ = new LocalKeyFileProvider(KeyFile);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(KeyFile)!));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
