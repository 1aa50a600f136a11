namespace Migration.ProtocolPeers.Ews;

/// <summary>
/// Exchange Web Services at <c>/EWS/Exchange.asmx</c>, and <c>/peer/ews/...</c> for tests: accounts, impersonation
/// rights, password changes, latency, faults, and the records (logins, most requests in progress at once).
/// </summary>
public static class EwsPeer
{
    public const string Path = "/EWS/Exchange.asmx";

    public static IServiceCollection AddEwsPeer(this IServiceCollection services) => services.AddSingleton<EwsDirectory>();

    public static IEndpointRouteBuilder MapEwsPeer(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(Path, EwsGetFolder.HandleAsync).DisableAntiforgery();

        var admin = routes.MapGroup("/peer/ews");
        admin.MapPost("/accounts", (EwsAccount account, EwsDirectory directory) =>
        {
            directory.Add(account);
            return Results.NoContent();
        });
        admin.MapPut("/accounts/{address}/password", (string address, Entra.PasswordChange change, EwsDirectory directory) =>
            directory.ChangePassword(address, change.Password) ? Results.NoContent() : Results.NotFound());
        admin.MapPost("/impersonation-rights", (ImpersonationRight right, EwsDirectory directory) =>
        {
            directory.Grant(right);
            return Results.NoContent();
        });
        admin.MapPut("/latency", (LatencySetting latency, EwsDirectory directory) =>
        {
            directory.Latency = TimeSpan.FromMilliseconds(latency.Milliseconds);
            return Results.NoContent();
        });
        admin.MapPost("/faults", (FaultRequest fault, EwsDirectory directory) =>
        {
            directory.Faults.Inject(fault);
            return Results.NoContent();
        });
        admin.MapGet("/records", (EwsDirectory directory) => new EwsRecords(directory.Logins, directory.MaxInProgress));
        admin.MapDelete("/records", (EwsDirectory directory) =>
        {
            directory.ResetRecords();
            return Results.NoContent();
        });
        return routes;
    }
}

public sealed record LatencySetting(int Milliseconds);

public sealed record EwsRecords(IReadOnlyList<EwsLoginRecord> Logins, int MaxInProgress);
