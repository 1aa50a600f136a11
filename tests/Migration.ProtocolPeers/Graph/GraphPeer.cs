namespace Migration.ProtocolPeers.Graph;

public static class GraphPeer
{
    public static IServiceCollection AddGraphPeer(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapGraphPeer(this IEndpointRouteBuilder routes) => routes;
}
