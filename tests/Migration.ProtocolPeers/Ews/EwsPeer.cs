namespace Migration.ProtocolPeers.Ews;

public static class EwsPeer
{
    public static IServiceCollection AddEwsPeer(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapEwsPeer(this IEndpointRouteBuilder routes) => routes;
}
