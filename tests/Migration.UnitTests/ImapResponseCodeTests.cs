using System.Text;
using Migration.Contracts.Events;
using Migration.SourceAccess.Verification.Imap;

namespace Migration.UnitTests;

public sealed class ImapResponseCodeTests
{
    [Theory]
    [InlineData("AUTHENTICATIONFAILED", SourceAccessReasons.InvalidPassword, false)]
    [InlineData(null, SourceAccessReasons.InvalidPassword, false)]
    [InlineData("EXPIRED", SourceAccessReasons.PasswordExpired, false)]
    [InlineData("CONTACTADMIN", SourceAccessReasons.AccountDisabled, false)]
    [InlineData("AUTHORIZATIONFAILED", SourceAccessReasons.AccountDisabled, false)]
    [InlineData("PRIVACYREQUIRED", SourceAccessReasons.InternalError, false)]
    [InlineData("UNAVAILABLE", SourceAccessReasons.ServerUnreachable, true)]
    [InlineData("unavailable", SourceAccessReasons.ServerUnreachable, true)]
    [InlineData("INUSE", SourceAccessReasons.ServerUnreachable, true)]
    [InlineData("LIMIT", SourceAccessReasons.Throttled, true)]
    public void A_refused_login_means_what_its_RFC_5530_code_says(string? code, string reason, bool mayPass) =>
        Assert.Equal(new ImapRefusal(reason, mayPass), ImapResponseCode.ForRefusedLogin(code));

    [Theory]
    [InlineData("NONEXISTENT", SourceAccessReasons.MailboxNotFound, false)]
    [InlineData("NOPERM", SourceAccessReasons.AccountDisabled, false)]
    [InlineData("UNAVAILABLE", SourceAccessReasons.ServerUnreachable, true)]
    [InlineData(null, SourceAccessReasons.InternalError, false)]
    public void A_refused_EXAMINE_means_what_its_code_says(string? code, string reason, bool mayPass) =>
        Assert.Equal(new ImapRefusal(reason, mayPass), ImapResponseCode.ForRefusedExamine(code));

    [Theory]
    [InlineData("A00000001 NO [AUTHENTICATIONFAILED] Authentication failed.", "AUTHENTICATIONFAILED")]
    [InlineData("A00000002 OK [READ-ONLY] Examine completed (0.001 + 0.000 secs).", "READ-ONLY")]
    [InlineData("A00000003 NO [CONTACTADMIN] Account_disabled", "CONTACTADMIN")]
    [InlineData("A00000004 NO Authentication failed.", null)]
    [InlineData("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] Dovecot ready.", null)]
    [InlineData("+ ", null)]
    public void The_code_of_a_tagged_line_is_read(string line, string? code) => Assert.Equal(code, ImapResponseCode.OfTaggedLine(line));

    [Fact]
    public void The_recorder_reads_the_last_tagged_code_across_split_buffers_and_ignores_the_client()
    {
        using var recorder = new ServerResponseRecorder();
        var secret = Encoding.ASCII.GetBytes("A00000001 NO [EXPIRED] this line is the client's own\r\n");
        recorder.LogClient(secret, 0, secret.Length);
        Assert.Null(recorder.LastTaggedCode);

        foreach (var part in new[] { "* OK [CAPABILITY IMAP4rev1] ready.\r\nA0000", "0001 NO [AUTHENTICA", "TIONFAILED] Authentication failed.\r", "\n" })
        {
            var bytes = Encoding.ASCII.GetBytes(part);
            recorder.LogServer(bytes, 0, bytes.Length);
        }

        Assert.Equal("AUTHENTICATIONFAILED", recorder.LastTaggedCode);
    }
}
