namespace Migration.ProtocolPeers.Entra;

public static class EntraPeer
{
    public static IServiceCollection AddEntraPeer(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapEntraPeer(this IEndpointRouteBuilder routes) => routes;
}
