namespace Migration.AppHost.Infrastructure;

/// <summary>PostgreSQL and RabbitMQ, as containers or as the machine's own programs; services cannot tell which.</summary>
public sealed record InfrastructureResources(
    IResourceBuilder<IResourceWithConnectionString> Postgres,
    IResourceBuilder<IResourceWithConnectionString> RabbitMq,
    Func<string, IResourceBuilder<IResourceWithConnectionString>> AddDatabase);

public static class InfrastructureExtensions
{
    public static InfrastructureResources AddInfrastructure(this IDistributedApplicationBuilder builder, string postgresName, string rabbitMqName, StateDirectory state)
    {
        var mode = InfrastructureModes.Resolve(builder.Configuration);
        if (mode == InfrastructureMode.Container)
        {
            var postgres = builder.AddPostgres(postgresName).WithDataVolume();
            var rabbitMq = builder.AddRabbitMQ(rabbitMqName).WithDataVolume();
            return new(postgres, rabbitMq, name => postgres.AddDatabase(name));
        }

        var ephemeral = builder.Configuration.GetValue("Infrastructure:Ephemeral", false);
        var server = builder.AddPostgresExecutable(postgresName, state, ephemeral);
        var rabbit = builder.AddRabbitMqExecutable(rabbitMqName, state);
        return new(server, rabbit, name => server.AddDatabase(name));
    }
}
