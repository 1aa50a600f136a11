namespace Migration.Contracts;

/// <summary>Paths every service answers, for the AppHost's health checks and the gateway's aggregation.</summary>
public static class ServiceEndpoints
{
    public const string Health = "/health";
    public const string Alive = "/alive";
}
