using Migration.Contracts.Events;
using Migration.Provisioning.Graph;

namespace Migration.UnitTests.Provisioning;

/// <summary>Graph's and Entra ID's real error answers as what a provisioning job does next.</summary>
public sealed class GraphErrorReasonsTests
{
    private static GraphFault Classify(GraphOperation operation, int status, string? code = null, string? message = null, params string[] details) =>
        GraphErrorReasons.Classify(operation, status, code, message, details);

    [Fact]
    public void An_existing_upn_on_create_is_a_conflict()
    {
        var fault = Classify(GraphOperation.CreateUser, 400, "Request_BadRequest",
            "Another object with the same value for property userPrincipalName already exists.", "ObjectConflict");
        Assert.Equal(GraphFaultKind.Conflict, fault.Kind);
    }

    [Theory]
    [InlineData(GraphOperation.CreateUser)]
    [InlineData(GraphOperation.UpdateUser)]
    public void A_password_refused_for_complexity_is_password_rejected(GraphOperation operation)
    {
        var fault = Classify(operation, 400, "Request_BadRequest",
            "The specified password does not comply with password complexity requirements. Please provide a different password.");
        Assert.Equal(new GraphFault(GraphFaultKind.Refused, ProvisioningReasons.PasswordRejected), fault);
    }

    [Theory]
    [InlineData("Subscription with SKU 6fd2c87f-b296-42f0-b197-1e91e994b900 does not have any available licenses.")]
    [InlineData("License 6fd2c87f-b296-42f0-b197-1e91e994b900 does not correspond to a valid company License.")]
    public void A_licence_without_a_free_seat_or_unknown_is_license_unavailable(string message)
    {
        Assert.Equal(ProvisioningReasons.LicenseUnavailable, Classify(GraphOperation.AssignLicense, 400, "Request_BadRequest", message).Reason);
    }

    [Fact]
    public void A_password_complaint_is_not_read_into_a_licence_assignment()
    {
        Assert.Equal(ProvisioningReasons.InternalError,
            Classify(GraphOperation.AssignLicense, 400, "Request_BadRequest", "The specified password does not comply with password complexity requirements.").Reason);
    }

    [Theory]
    [InlineData(401, "InvalidAuthenticationToken")]
    [InlineData(403, "Authorization_RequestDenied")]
    public void No_consent_or_role_is_consent_missing(int status, string code)
    {
        Assert.Equal(new GraphFault(GraphFaultKind.Refused, ProvisioningReasons.ConsentMissing),
            Classify(GraphOperation.CreateUser, status, code, "Insufficient privileges to complete the operation."));
    }

    [Theory]
    [InlineData(GraphOperation.GetUser)]
    [InlineData(GraphOperation.UpdateUser)]
    [InlineData(GraphOperation.AssignLicense)]
    public void A_missing_user_is_not_found(GraphOperation operation)
    {
        Assert.Equal(GraphFaultKind.NotFound, Classify(operation, 404, "Request_ResourceNotFound", "Resource 'x' does not exist.").Kind);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(408)]
    public void Server_faults_and_timeouts_pass(int status)
    {
        Assert.Equal(GraphFaultKind.Transient, Classify(GraphOperation.CreateUser, status).Kind);
    }

    [Fact]
    public void Too_many_requests_is_throttled()
    {
        Assert.Equal(GraphFaultKind.Throttled, Classify(GraphOperation.AssignLicense, 429, "TooManyRequests").Kind);
    }

    [Fact]
    public void Any_other_refusal_is_internal_error()
    {
        Assert.Equal(ProvisioningReasons.InternalError, Classify(GraphOperation.CreateUser, 400, "Request_BadRequest", "Invalid value specified for property 'mailNickname'.").Reason);
    }

    [Theory]
    [InlineData(7000229L)]
    [InlineData(700016L)]
    [InlineData(65001L)]
    public void A_tenant_without_the_platform_app_consented_is_consent_missing(long code)
    {
        Assert.Equal(ProvisioningReasons.ConsentMissing, GraphErrorReasons.ClassifyToken(400, [code]).Reason);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    [InlineData(0)]
    public void Token_endpoint_faults_pass(int status)
    {
        Assert.Equal(GraphFaultKind.Transient, GraphErrorReasons.ClassifyToken(status, []).Kind);
    }

    [Fact]
    public void A_wrong_platform_secret_is_internal_error()
    {
        Assert.Equal(ProvisioningReasons.InternalError, GraphErrorReasons.ClassifyToken(401, [7000215]).Reason);
    }
}
