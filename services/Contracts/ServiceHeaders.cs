namespace Migration.Contracts;

/// <summary>Headers of the calls between the platform's services.</summary>
public static class ServiceHeaders
{
    /// <summary>The authenticated operator; the gateway removes any incoming value first, and only the gateway's calls may carry one.</summary>
    public const string OperatorId = "X-Operator-Id";

    /// <summary>The authenticated operator's display name, URL-encoded (header values are ASCII).</summary>
    public const string OperatorName = "X-Operator-Name";

    /// <summary>The calling service's own credential: which service it is proves who calls (and what the vault's audit trail records).</summary>
    public const string ServiceCredential = "X-Service-Credential";
}
