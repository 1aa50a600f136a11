using Migration.SourceAccess.Verification.Exchange;
using Migration.SourceAccess.Verification.Office365;

namespace Migration.SourceAccess.Verification;

public static class MicrosoftVerifiers
{
    /// <summary>
    /// The verifiers for Exchange (EWS, password and impersonation) and Office 365 (Graph, password grant and app-only),
    /// with section <c>SourceAccess:Office365</c>. Needs the source client (<see cref="SourceHttp.AddSourceHttpClient"/>)
    /// and <see cref="SourceEndpointOptions"/>.
    /// </summary>
    public static IServiceCollection AddMicrosoftVerifiers(this IServiceCollection services)
    {
        services.AddOptions<Office365Options>().BindConfiguration("SourceAccess:Office365");
        services.AddSingleton<EntraCredentials>();
        services.AddSingleton<GraphInboxProbe>();
        services.AddSingleton<ISourceVerifier, ExchangeVerifier>();
        services.AddSingleton<ISourceVerifier, Office365AppOnlyVerifier>();
        services.AddSingleton<ISourceVerifier, Office365PasswordVerifier>();
        return services;
    }
}
