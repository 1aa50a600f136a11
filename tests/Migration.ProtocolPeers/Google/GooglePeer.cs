namespace Migration.ProtocolPeers.Google;

public static class GooglePeer
{
    public static IServiceCollection AddGooglePeer(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapGooglePeer(this IEndpointRouteBuilder routes) => routes;
}
