namespace Migration.Contracts;

/// <summary>Command-line arguments the AppHost starts a service with.</summary>
public static class ServiceArguments
{
    /// <summary>Apply the database's EF Core migrations and exit: the AppHost's migration step.</summary>
    public const string Migrate = "--migrate";
}
