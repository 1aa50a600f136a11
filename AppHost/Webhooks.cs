using Migration.AppHost.Infrastructure;

namespace Migration.AppHost;

public static class Webhooks
{
    private const string Section = "Notification:Webhooks";

    /// <summary>
    /// The notification service's webhook settings: the key that encrypts subscription secrets at rest
    /// (<c>Notification:Webhooks:SecretKey</c> when set, otherwise one generated in the state folder; a secret parameter
    /// either way), and the <c>Notification</c> section of the AppHost's configuration. A local run with no
    /// <c>Notification:Webhooks</c> settings of its own allows plain http and loopback targets, so that a receiver on the
    /// developer's machine works; a deployment (publish mode) allows neither.
    /// </summary>
    public static IResourceBuilder<T> WithWebhookSettings<T>(this IResourceBuilder<T> resource, IDistributedApplicationBuilder builder, StateDirectory state)
        where T : IResourceWithEnvironment
    {
        var key = builder.Configuration[$"{Section}:SecretKey"];
        if (string.IsNullOrWhiteSpace(key))
        {
            key = state.GetOrCreateSecret("webhook-secret-key", out _);
        }
        var parameter = builder.AddParameter("webhook-secret-key", key, secret: true);
        resource.WithEnvironment("Notification__Webhooks__SecretKey", parameter)
            .WithSettings(builder.Configuration, "Notification", except: ["Webhooks:SecretKey", "Replicas"]);
        var configured = builder.Configuration.GetSection(Section).GetChildren().Any(c => c.Key != "SecretKey");
        if (builder.ExecutionContext.IsRunMode && !configured)
        {
            resource.WithEnvironment("Notification__Webhooks__AllowPlainHttp", "true")
                .WithEnvironment("Notification__Webhooks__AllowedNetworks__0", "127.0.0.0/8")
                .WithEnvironment("Notification__Webhooks__AllowedNetworks__1", "::1/128");
        }
        return resource;
    }
}
