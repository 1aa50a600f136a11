using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Migration.Dashboard.Data;

namespace Migration.UnitTests;

/// <summary>
/// The dashboard's key ring at rest (decision 0026): each key written is sealed, a replica with the same key reads it, and
/// without the key the ring's files (here; rows of its database in the platform) open nothing. Real Data Protection over a
/// real folder, as a replica would run it.
/// </summary>
public sealed class DashboardKeyRingTests : IDisposable
{
    private const string Key = "a-key-ring-key-of-more-than-thirty-two-characters";
    private const string OtherKey = "another-key-ring-key-of-more-than-thirty-two-characters";
    private const string Payload = "operator session: mig_0123456789abcdef_canary-Api-Key";
    private readonly DirectoryInfo _ring = Directory.CreateTempSubdirectory("key-ring-");

    private ServiceProvider Replica(string? key, params string[] previous)
    {
        var settings = new Dictionary<string, string?> { ["Dashboard:KeyRing:Key"] = key };
        for (var i = 0; i < previous.Length; i++)
        {
            settings[$"Dashboard:KeyRing:PreviousKeys:{i}"] = previous[i];
        }
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        var dataProtection = services.AddDataProtection().SetApplicationName("migration-dashboard").PersistKeysToFileSystem(_ring);
        if (key is not null)
        {
            dataProtection.SealKeysWithConfiguredKey();
        }
        return services.BuildServiceProvider();
    }

    private static IDataProtector Protector(IServiceProvider replica) => replica.GetDataProtector("session");

    [Fact]
    public void A_written_key_holds_no_master_key_in_the_clear_and_another_replica_with_the_key_reads_what_the_first_protected()
    {
        string protectedPayload;
        using (var first = Replica(Key))
        {
            protectedPayload = Protector(first).Protect(Payload);
        }
        var files = _ring.GetFiles("key-*.xml");
        var xml = File.ReadAllText(Assert.Single(files).FullName);
        Assert.Contains("<sealedKey", xml);
        Assert.Contains(typeof(KeyRingXmlDecryptor).FullName!, xml);
        Assert.DoesNotContain("<masterKey", xml);
        Assert.DoesNotContain("<value>", xml);

        using var second = Replica(Key);
        Assert.Equal(Payload, Protector(second).Unprotect(protectedPayload));
    }

    [Fact]
    public void Without_the_key_the_ring_opens_nothing_and_a_rotated_key_keeps_the_earlier_one_for_reading()
    {
        string protectedPayload;
        using (var first = Replica(Key))
        {
            protectedPayload = Protector(first).Protect(Payload);
        }
        using (var wrong = Replica(OtherKey))
        {
            Assert.ThrowsAny<CryptographicException>(() => Protector(wrong).Unprotect(protectedPayload));
        }
        using var rotated = Replica(OtherKey, Key);
        Assert.Equal(Payload, Protector(rotated).Unprotect(protectedPayload));
    }

    [Fact]
    public void A_ring_written_before_sealing_is_still_read_and_its_next_keys_are_sealed()
    {
        string protectedPayload;
        using (var unsealed = Replica(key: null))
        {
            protectedPayload = Protector(unsealed).Protect(Payload);
        }
        using var sealedReplica = Replica(Key);
        Assert.Equal(Payload, Protector(sealedReplica).Unprotect(protectedPayload));
        sealedReplica.GetRequiredService<Microsoft.AspNetCore.DataProtection.KeyManagement.IKeyManager>()
            .CreateNewKey(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90));
        var sealedFiles = _ring.GetFiles("key-*.xml").Where(f => File.ReadAllText(f.FullName).Contains("<sealedKey")).ToList();
        Assert.Single(sealedFiles);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short-key")]
    public void A_missing_or_short_key_stops_the_replica_at_start(string? key)
    {
        var settings = new Dictionary<string, string?> { ["Dashboard:KeyRing:Key"] = key };
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddDataProtection().PersistKeysToFileSystem(_ring).SealKeysWithConfiguredKey();
        using var provider = services.BuildServiceProvider();
        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<KeyRingOptions>>().Value);
        Assert.Contains("Dashboard:KeyRing:Key", failure.Message);
    }

    [Fact]
    public void A_sealed_key_that_was_altered_does_not_open()
    {
        var cipher = new KeyRingCipher(new KeyRingOptions { Key = Key });
        var sealedBytes = cipher.Seal("<masterKey>secret</masterKey>"u8.ToArray());
        sealedBytes[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(sealedBytes));
        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(sealedBytes[..10]));
    }

    public void Dispose() => _ring.Delete(recursive: true);
}
