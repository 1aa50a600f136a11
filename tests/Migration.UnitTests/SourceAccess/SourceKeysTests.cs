using Migration.SourceAccess.Checks;
using Migration.SourceAccess.Verification;

namespace Migration.UnitTests.SourceAccess;

public sealed class SourceKeysTests
{
    private static SourceSettings Source(SourceKind kind, AccessMethod method = AccessMethod.Password) => new() { Kind = kind, Method = method };

    [Fact]
    public void Imap_sources_are_told_apart_by_host_and_port_whatever_the_spelling()
    {
        Assert.Equal("imap:mail.contoso.com:993", SourceKeys.For(Source(SourceKind.Imap) with { Host = " Mail.Contoso.COM ", Port = 993 }));
        Assert.Equal("imap:mail.contoso.com:143", SourceKeys.For(Source(SourceKind.Imap) with { Host = "mail.contoso.com", UseTls = false }));
        Assert.Equal("imap:mail.contoso.com:993", SourceKeys.For(Source(SourceKind.Imap) with { Host = "mail.contoso.com" }));
    }

    [Fact]
    public void Exchange_sources_share_a_key_per_server_whatever_the_method()
    {
        var password = SourceKeys.For(Source(SourceKind.Exchange) with { EwsUrl = "https://Mail.Contoso.com/EWS/Exchange.asmx" });
        var impersonation = SourceKeys.For(Source(SourceKind.Exchange, AccessMethod.Impersonation) with { EwsUrl = "https://mail.contoso.com/ews/exchange.asmx" });
        Assert.Equal("ews:mail.contoso.com", password);
        Assert.Equal(password, impersonation);
    }

    [Fact]
    public void Cloud_sources_are_keyed_by_tenant_or_domain()
    {
        Assert.Equal("entra:abc", SourceKeys.For(Source(SourceKind.Office365, AccessMethod.Impersonation) with { TenantId = "ABC" }));
        Assert.Equal("google:contoso.com", SourceKeys.For(Source(SourceKind.Google, AccessMethod.Oauth) with { GoogleDomain = "Contoso.com" }));
    }
}
