using Migration.AppHost.Infrastructure;
using Migration.Contracts;

namespace Migration.AppHost;

public static class MigrationSteps
{
    /// <summary>The service's own project started with --migrate: it applies the database's EF Core migrations and exits.</summary>
    public static IResourceBuilder<ProjectResource> AddMigrationStep<TProject>(this IDistributedApplicationBuilder builder, string name,
        IResourceBuilder<IResourceWithConnectionString> database, InfrastructureResources infrastructure)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject<TProject>(name)
            .WithArgs(ServiceArguments.Migrate)
            .WithReference(database).WaitFor(infrastructure.Postgres);

    /// <summary>A service's own database, which it uses only once its migration step has completed.</summary>
    public static IResourceBuilder<ProjectResource> WithDatabase(this IResourceBuilder<ProjectResource> service,
        IResourceBuilder<IResourceWithConnectionString> database, IResourceBuilder<ProjectResource> migrationStep) =>
        service.WithReference(database).WaitForCompletion(migrationStep);
}
