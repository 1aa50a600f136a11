using Migration.Contracts.Events;

namespace Migration.Provisioning.Graph;

/// <summary>Graph's error answers (status, <c>error.code</c>, <c>error.message</c>, <c>error.details[].code</c>) as what a job does next.</summary>
public static class GraphErrorReasons
{
    public static GraphFault Classify(GraphOperation operation, int status, string? code, string? message, IReadOnlyCollection<string> detailCodes)
    {
        var text = message ?? "";
        bool Has(string value) => string.Equals(code, value, StringComparison.OrdinalIgnoreCase)
                                  || detailCodes.Any(d => string.Equals(d, value, StringComparison.OrdinalIgnoreCase));
        bool Says(string value) => text.Contains(value, StringComparison.OrdinalIgnoreCase);
        return status switch
        {
            429 => new GraphFault(GraphFaultKind.Throttled),
            408 or >= 500 => new GraphFault(GraphFaultKind.Transient),
            401 or 403 => new GraphFault(GraphFaultKind.Refused, ProvisioningReasons.ConsentMissing),
            404 when operation != GraphOperation.ListSkus => new GraphFault(GraphFaultKind.NotFound),
            400 when operation == GraphOperation.CreateUser && (Has("ObjectConflict") || Says("already exists")) => new GraphFault(GraphFaultKind.Conflict),
            400 when operation is GraphOperation.CreateUser or GraphOperation.UpdateUser
                      && (Says("password complexity") || Says("password history") || detailCodes.Any(d => d.Contains("Password", StringComparison.OrdinalIgnoreCase)))
                => new GraphFault(GraphFaultKind.Refused, ProvisioningReasons.PasswordRejected),
            400 when operation == GraphOperation.AssignLicense && (Says("available licenses") || Says("valid company license") || Says("license") && Says("not found"))
                => new GraphFault(GraphFaultKind.Refused, ProvisioningReasons.LicenseUnavailable),
            _ => new GraphFault(GraphFaultKind.Refused, ProvisioningReasons.InternalError),
        };
    }

    /// <summary>
    /// Entra ID's AADSTS codes when the platform's app asks a destination tenant for a token: an app without a service
    /// principal, consent or role there is consentMissing; 429 and 5xx pass; anything else is the platform's own fault.
    /// </summary>
    public static GraphFault ClassifyToken(int status, IReadOnlyCollection<long> codes)
    {
        if (status is 429 or 408 or >= 500 or 0)
        {
            return new GraphFault(GraphFaultKind.Transient);
        }
        return codes.Any(c => c is 65001 or 7000229 or 700016 or 500011 or 90002 or 90072 or 50020)
            ? new GraphFault(GraphFaultKind.Refused, ProvisioningReasons.ConsentMissing)
            : new GraphFault(GraphFaultKind.Refused, ProvisioningReasons.InternalError);
    }
}
