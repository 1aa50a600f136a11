using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace Migration.Dashboard.Data;

/// <summary>
/// Replicas that start together on an empty key ring would each create a key of their own, and then refuse each other's
/// cookies and antiforgery tokens until their rings refresh: the migration step, which runs before any replica, creates
/// the first one (docs/decisions/0024). Later keys are created ahead of their activation, which every replica sees in time.
/// </summary>
public static class FirstDataProtectionKey
{
    public static void CreateIfNone(IServiceProvider services)
    {
        var keys = services.GetRequiredService<IKeyManager>();
        var now = DateTimeOffset.UtcNow;
        if (!keys.GetAllKeys().Any(key => !key.IsRevoked && key.ActivationDate <= now && key.ExpirationDate > now.AddDays(7)))
        {
            keys.CreateNewKey(activationDate: now, expirationDate: now.AddDays(90));
        }
    }
}
