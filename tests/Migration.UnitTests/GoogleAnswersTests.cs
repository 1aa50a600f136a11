using System.Net;
using Migration.Contracts.Events;
using Migration.SourceAccess.Verification.Google;

namespace Migration.UnitTests;

public sealed class GoogleAnswersTests
{
    private const string ScopeInsufficient = """
        {"error":{"code":403,"message":"Request had insufficient authentication scopes.","errors":[{"message":"Insufficient Permission","domain":"global","reason":"insufficientPermissions"}],"status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"ACCESS_TOKEN_SCOPE_INSUFFICIENT","domain":"googleapis.com"}]}}
        """;

    [Theory]
    [InlineData("unauthorized_client", "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.", SourceAccessReasons.ConsentMissing)]
    [InlineData("invalid_grant", "Invalid email or User ID", SourceAccessReasons.MailboxNotFound)]
    [InlineData("invalid_grant", "Invalid JWT Signature.", SourceAccessReasons.InvalidPassword)]
    [InlineData("invalid_grant", "Invalid grant: account not found", SourceAccessReasons.InvalidPassword)]
    [InlineData("invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.", SourceAccessReasons.InternalError)]
    [InlineData("invalid_client", "The OAuth client was not found.", SourceAccessReasons.InvalidPassword)]
    [InlineData("invalid_scope", "Empty or missing scope not allowed.", SourceAccessReasons.InsufficientScope)]
    [InlineData(null, null, SourceAccessReasons.InternalError)]
    public void A_refused_token_request_means_what_Googles_error_says(string? error, string? description, string reason) =>
        Assert.Equal(reason, GoogleAnswers.ForTokenError(error, description));

    [Fact]
    public void Gmail_refusing_the_tokens_scopes_is_insufficientScope() =>
        Assert.Equal(SourceAccessReasons.InsufficientScope, GoogleAnswers.ForGmailError(HttpStatusCode.Forbidden, ScopeInsufficient));

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, """{"error":{"code":400,"message":"Mail service not enabled","errors":[{"message":"Mail service not enabled","domain":"global","reason":"failedPrecondition"}],"status":"FAILED_PRECONDITION"}}""", SourceAccessReasons.MailboxNotFound)]
    [InlineData(HttpStatusCode.Forbidden, """{"error":{"code":403,"message":"Delegation denied for a@b.test","errors":[{"message":"Delegation denied for a@b.test","domain":"global","reason":"forbidden"}],"status":"PERMISSION_DENIED"}}""", SourceAccessReasons.ImpersonationDenied)]
    [InlineData(HttpStatusCode.NotFound, "", SourceAccessReasons.MailboxNotFound)]
    [InlineData(HttpStatusCode.Unauthorized, "<html>", SourceAccessReasons.InvalidPassword)]
    [InlineData(HttpStatusCode.Conflict, "", SourceAccessReasons.InternalError)]
    public void A_Gmail_refusal_means_what_its_status_and_reason_say(HttpStatusCode status, string body, string reason) =>
        Assert.Equal(reason, GoogleAnswers.ForGmailError(status, body));

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, SourceAccessReasons.Throttled)]
    [InlineData(HttpStatusCode.ServiceUnavailable, SourceAccessReasons.ServerUnreachable)]
    [InlineData(HttpStatusCode.InternalServerError, SourceAccessReasons.ServerUnreachable)]
    [InlineData(HttpStatusCode.BadRequest, null)]
    [InlineData(null, null)]
    public void Only_429_and_5xx_may_pass(HttpStatusCode? status, string? reason) => Assert.Equal(reason, GoogleAnswers.MayPass(status));
}
