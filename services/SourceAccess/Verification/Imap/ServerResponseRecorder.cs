using System.Text;
using MailKit;

namespace Migration.SourceAccess.Verification.Imap;

/// <summary>
/// MailKit keeps an IMAP command's response code to itself (a refused AUTHENTICATE is a bare AuthenticationException),
/// so this protocol logger reads the server's side of the conversation for the last tagged status line's code. The
/// client's side, which holds the credentials, is never looked at.
/// </summary>
internal sealed class ServerResponseRecorder : IProtocolLogger
{
    private readonly StringBuilder _partialLine = new();

    public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

    /// <summary>The response code (e.g. <c>AUTHENTICATIONFAILED</c>) of the last tagged status line, if it had one.</summary>
    public string? LastTaggedCode { get; private set; }

    public void LogConnect(Uri uri)
    {
    }

    public void LogClient(byte[] buffer, int offset, int count)
    {
    }

    public void LogServer(byte[] buffer, int offset, int count)
    {
        foreach (var c in Encoding.Latin1.GetString(buffer, offset, count))
        {
            if (c == '\n')
            {
                OnLine(_partialLine.ToString().TrimEnd('\r'));
                _partialLine.Clear();
            }
            else if (_partialLine.Length < 1024)
            {
                _partialLine.Append(c);
            }
        }
    }

    private void OnLine(string line)
    {
        if (line.Length > 0 && line[0] is not ('*' or '+'))
        {
            LastTaggedCode = ImapResponseCode.OfTaggedLine(line);
        }
    }

    public void Dispose()
    {
    }
}
