using System.Text.Json.Nodes;

namespace Migration.ProtocolPeers.Google;

/// <summary>
/// Gmail's <c>users.getProfile</c> (<c>GET gmail/v1/users/{userId}/profile</c>): needs a valid access token with one of
/// the method's scopes, a delegated user (<c>me</c> or that user's own address) and the Gmail service enabled for them.
/// </summary>
public static class GmailProfileEndpoint
{
    public const string Method = "caribou.api.proto.MailboxService.GetProfile";

    /// <summary>The scopes Gmail accepts for users.getProfile.</summary>
    public static readonly IReadOnlySet<string> Scopes = new HashSet<string>(StringComparer.Ordinal)
    {
        "https://mail.google.com/",
        "https://www.googleapis.com/auth/gmail.modify",
        "https://www.googleapis.com/auth/gmail.compose",
        "https://www.googleapis.com/auth/gmail.readonly",
        "https://www.googleapis.com/auth/gmail.metadata",
    };

    public static IResult Handle(string userId, HttpContext context, GoogleDirectory directory, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var answer = Answer(userId, context, directory, now, out var subject);
        directory.Record(new GmailRequestRecord(now, userId, subject, (answer as IStatusCodeHttpResult)?.StatusCode ?? 200));
        return answer;
    }

    private static IResult Answer(string userId, HttpContext context, GoogleDirectory directory, DateTimeOffset now, out string? subject)
    {
        subject = null;
        if (directory.GmailFaults.TakeNext() is { } fault)
        {
            return GoogleFaultAnswer.For(context, fault, tokenEndpoint: false);
        }
        var authorization = context.Request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        if (!authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)
            || directory.Token(authorization[bearer.Length..].Trim()) is not { } token || token.ExpiresAt <= now)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"";
            return GmailError.Unauthenticated();
        }
        subject = token.Subject;
        if (!token.Scopes.Overlaps(Scopes))
        {
            context.Response.Headers.WWWAuthenticate =
                $"Bearer realm=\"https://accounts.google.com/\", error=\"insufficient_scope\", scope=\"{string.Join(' ', Scopes)}\"";
            return GmailError.InsufficientScope(Method);
        }
        // A service account's own token (no delegated user) has no mailbox.
        if (token.Subject is null)
        {
            return GmailError.FailedPrecondition("Precondition check failed.");
        }
        if (!userId.Equals("me", StringComparison.Ordinal) && !userId.Equals(token.Subject, StringComparison.OrdinalIgnoreCase))
        {
            return GmailError.DelegationDenied(token.Subject);
        }
        if (directory.User(token.Subject) is not { GmailEnabled: true } user)
        {
            return GmailError.FailedPrecondition("Mail service not enabled");
        }
        return Results.Json(new JsonObject
        {
            ["emailAddress"] = user.Email,
            ["messagesTotal"] = user.MessagesTotal,
            ["threadsTotal"] = user.ThreadsTotal,
            ["historyId"] = (1_000_000 + Math.Abs(user.Email.GetHashCode(StringComparison.OrdinalIgnoreCase) % 1_000_000)).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }
}
