using Migration.AppHost;
using Migration.AppHost.Infrastructure;
using Migration.Contracts;
using Migration.Messaging;

var builder = DistributedApplication.CreateBuilder(args);

var infrastructure = builder.AddInfrastructure(ResourceNames.Postgres, ResourceNames.RabbitMq);
var gatewayDb = infrastructure.AddDatabase(ResourceNames.GatewayDatabase);
var migrationsDb = infrastructure.AddDatabase(ResourceNames.MigrationsDatabase);
var serviceCredential = builder.AddServiceCredential();
var adminKey = builder.AddAdminKey();

var migrationsDbMigrator = builder.AddProject<Projects.Migration_Migrations>(ResourceNames.MigrationsDatabaseMigrator)
    .WithArgs(DatabaseMigration.MigrateArgument)
    .WithReference(migrationsDb).WaitFor(infrastructure.Postgres)
    .WithServiceCredential(serviceCredential);

var migrations = builder.AddProject<Projects.Migration_Migrations>(ResourceNames.MigrationsService)
    .WithHttpEndpoint().WithHttpHealthCheck(ServiceEndpoints.Health)
    .WithReference(migrationsDb).WaitForCompletion(migrationsDbMigrator)
    .WithReference(infrastructure.RabbitMq).WaitFor(infrastructure.RabbitMq)
    .WithServiceCredential(serviceCredential);

var gatewayDbMigrator = builder.AddProject<Projects.Migration_Gateway>(ResourceNames.GatewayDatabaseMigrator)
    .WithArgs(DatabaseMigration.MigrateArgument)
    .WithReference(gatewayDb).WaitFor(infrastructure.Postgres)
    .WithServiceCredential(serviceCredential);

builder.AddProject<Projects.Migration_Gateway>(ResourceNames.Gateway)
    .WithHttpEndpoint(port: builder.GatewayPort(), name: "http").WithExternalHttpEndpoints()
    .WithHttpHealthCheck(ServiceEndpoints.Health)
    .WithReference(gatewayDb).WaitForCompletion(gatewayDbMigrator)
    .WithReference(migrations).WaitFor(migrations)
    .WithServiceCredential(serviceCredential)
    .WithEnvironment(Secrets.AdminKeyVariable, adminKey);

builder.Build().Run();
