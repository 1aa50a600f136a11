using Migration.SourceAccess.Verification;

namespace Migration.SourceAccess;

public static class SourceAccessServiceExtensions
{
    public static IHostApplicationBuilder AddSourceAccessServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<SourceEndpointOptions>().BindConfiguration("SourceAccess:Endpoints");
        builder.Services.AddOptions<VerificationRetryOptions>().BindConfiguration("SourceAccess:Retries");
        builder.Services.AddSourceHttpClient();
        builder.Services.AddSingleton<ResilientVerifier>();
        return builder;
    }
}
