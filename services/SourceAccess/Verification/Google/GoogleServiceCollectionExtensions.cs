namespace Migration.SourceAccess.Verification.Google;

public static class GoogleServiceCollectionExtensions
{
    /// <summary>The verifier for <c>google</c> + <c>oauth</c>; it needs the "source" HttpClient (<see cref="SourceHttp.AddSourceHttpClient"/>).</summary>
    public static IServiceCollection AddGoogleVerifier(this IServiceCollection services)
    {
        services.AddSingleton<ISourceVerifier, GoogleVerifier>();
        return services;
    }
}
