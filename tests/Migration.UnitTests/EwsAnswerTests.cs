using System.Net;
using System.Net.Http.Headers;
using Migration.Contracts.Events;
using Migration.SourceAccess.Verification;
using Migration.SourceAccess.Verification.Exchange;

namespace Migration.UnitTests;

public sealed class EwsAnswerTests
{
    private const string Fault = """
        <?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>
        <faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:{0}</faultcode><faultstring xml:lang="en-US">text</faultstring>
        <detail><e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">{0}</e:ResponseCode>
        <e:MessageXml xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors"><t:Value xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" Name="BackOffMilliseconds">1500</t:Value></e:MessageXml>
        </detail></s:Fault></s:Body></s:Envelope>
        """;

    private const string Response = """
        <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>
        <m:GetFolderResponse xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"><m:ResponseMessages>
        <m:GetFolderResponseMessage ResponseClass="{1}"><m:ResponseCode>{0}</m:ResponseCode></m:GetFolderResponseMessage>
        </m:ResponseMessages></m:GetFolderResponse></s:Body></s:Envelope>
        """;

    [Fact]
    public void A_successful_GetFolder_is_verified() =>
        Assert.True(EwsAnswer.Interpret(HttpStatusCode.OK, null, string.Format(Response, "NoError", "Success")).IsVerified);

    [Fact]
    public void A_401_without_any_body_is_invalidPassword() =>
        Assert.Equal(SourceAccessReasons.InvalidPassword, EwsAnswer.Interpret(HttpStatusCode.Unauthorized, null, "").FailureReason);

    [Theory]
    [InlineData("ErrorImpersonateUserDenied", SourceAccessReasons.ImpersonationDenied)]
    [InlineData("ErrorImpersonationDenied", SourceAccessReasons.ImpersonationDenied)]
    [InlineData("ErrorNonExistentMailbox", SourceAccessReasons.MailboxNotFound)]
    [InlineData("ErrorAccountDisabled", SourceAccessReasons.AccountDisabled)]
    public void A_fault_in_a_500_is_its_reason_not_a_server_error(string code, string reason) =>
        Assert.Equal(reason, EwsAnswer.Interpret(HttpStatusCode.InternalServerError, null, string.Format(Fault, code)).FailureReason);

    [Fact]
    public void An_error_response_message_in_a_200_is_its_reason() =>
        Assert.Equal(SourceAccessReasons.MailboxNotFound,
            EwsAnswer.Interpret(HttpStatusCode.OK, null, string.Format(Response, "ErrorNonExistentMailbox", "Error")).FailureReason);

    [Fact]
    public void ErrorServerBusy_is_throttled_for_its_back_off()
    {
        var busy = Assert.Throws<SourceUnavailableException>(() =>
            EwsAnswer.Interpret(HttpStatusCode.InternalServerError, null, string.Format(Fault, "ErrorServerBusy")));
        Assert.Equal((SourceAccessReasons.Throttled, TimeSpan.FromMilliseconds(1500)), (busy.Reason, busy.RetryAfter));
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, 5, SourceAccessReasons.Throttled)]
    [InlineData(HttpStatusCode.ServiceUnavailable, 5, SourceAccessReasons.Throttled)]
    [InlineData(HttpStatusCode.ServiceUnavailable, null, SourceAccessReasons.ServerUnreachable)]
    [InlineData(HttpStatusCode.BadGateway, null, SourceAccessReasons.ServerUnreachable)]
    public void A_status_without_a_soap_body_may_pass(HttpStatusCode status, int? retryAfter, string reason)
    {
        var header = retryAfter is { } seconds ? new RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds)) : null;
        var unavailable = Assert.Throws<SourceUnavailableException>(() => EwsAnswer.Interpret(status, header, "<html>busy</html>"));
        Assert.Equal(reason, unavailable.Reason);
    }
}
