namespace Migration.Contracts;

/// <summary>Headers the gateway stamps on requests it forwards to the services behind it.</summary>
public static class ServiceHeaders
{
    /// <summary>The authenticated operator; the gateway removes any incoming value first.</summary>
    public const string OperatorId = "X-Operator-Id";

    /// <summary>The authenticated operator's display name, URL-encoded (header values are ASCII).</summary>
    public const string OperatorName = "X-Operator-Name";

    /// <summary>The service credential that proves a request came from inside the platform.</summary>
    public const string ServiceCredential = "X-Service-Credential";

    /// <summary>Which service makes an internal call; recorded in the vault's audit trail.</summary>
    public const string CallingService = "X-Calling-Service";

    /// <summary>Configuration key under which every service finds the shared service credential.</summary>
    public const string ServiceCredentialConfigKey = "ServiceAuth:Credential";
}
