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

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
