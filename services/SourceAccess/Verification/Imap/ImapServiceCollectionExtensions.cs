namespace Migration.SourceAccess.Verification.Imap;

public static class ImapServiceCollectionExtensions
{
    /// <summary>The verifier for <c>imap</c> + <c>password</c>, with its timeouts from <c>SourceAccess:Imap</c>.</summary>
    public static IServiceCollection AddImapVerifier(this IServiceCollection services)
    {
        services.AddOptions<ImapVerifierOptions>().BindConfiguration("SourceAccess:Imap");
        services.AddSingleton<ISourceVerifier, ImapVerifier>();
        return services;
    }
}
