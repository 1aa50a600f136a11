using Migration.AppHost;
using Migration.AppHost.Infrastructure;
using Migration.Contracts;
using Migration.Messaging;

var builder = DistributedApplication.CreateBuilder(args);

var state = new StateDirectory(builder);
var infrastructure = builder.AddInfrastructure(ResourceNames.Postgres, ResourceNames.RabbitMq, state);
var gatewayDb = infrastructure.AddDatabase(ResourceNames.GatewayDatabase);
var migrationsDb = infrastructure.AddDatabase(ResourceNames.MigrationsDatabase);
var credentialsDb = infrastructure.AddDatabase(ResourceNames.CredentialReceptionDatabase);
var serviceCredential = builder.AddServiceCredential();
var adminKey = builder.AddAdminKey(state);

var migrationsDbMigrator = builder.AddProject<Projects.Migration_Migrations>(ResourceNames.MigrationsDatabaseMigrator)
    .WithArgs(DatabaseMigration.MigrateArgument)
    .WithReference(migrationsDb).WaitFor(infrastructure.Postgres)
    .WithServiceCredential(serviceCredential);

var migrations = builder.AddProject<Projects.Migration_Migrations>(ResourceNames.MigrationsService)
    .WithHttpEndpoint().WithHttpHealthCheck(ServiceEndpoints.Health)
    .WithReference(migrationsDb).WaitForCompletion(migrationsDbMigrator)
    .WithReference(infrastructure.RabbitMq).WaitFor(infrastructure.RabbitMq)
    .WithServiceCredential(serviceCredential);

var credentialsDbMigrator = builder.AddProject<Projects.Migration_CredentialReception>(ResourceNames.CredentialReceptionDatabaseMigrator)
    .WithArgs(DatabaseMigration.MigrateArgument)
    .WithReference(credentialsDb).WaitFor(infrastructure.Postgres)
    .WithServiceCredential(serviceCredential);

var credentialReception = builder.AddProject<Projects.Migration_CredentialReception>(ResourceNames.CredentialReception)
    .WithHttpEndpoint().WithHttpHealthCheck(ServiceEndpoints.Health)
    .WithReference(credentialsDb).WaitForCompletion(credentialsDbMigrator)
    .WithReference(infrastructure.RabbitMq).WaitFor(infrastructure.RabbitMq)
    .WithServiceCredential(serviceCredential)
    .WithLocalKeyFile(state);

var gatewayDbMigrator = builder.AddProject<Projects.Migration_Gateway>(ResourceNames.GatewayDatabaseMigrator)
    .WithArgs(DatabaseMigration.MigrateArgument)
    .WithReference(gatewayDb).WaitFor(infrastructure.Postgres)
    .WithServiceCredential(serviceCredential);

// The gateway starts last: once it answers, every service's consumers are bound, so no event is published unheard.
builder.AddProject<Projects.Migration_Gateway>(ResourceNames.Gateway)
    .WithHttpEndpoint(port: builder.GatewayPort(), name: "http").WithExternalHttpEndpoints()
    .WithHttpHealthCheck(ServiceEndpoints.Health)
    .WithReference(gatewayDb).WaitForCompletion(gatewayDbMigrator)
    .WithReference(migrations).WaitFor(migrations)
    .WithReference(credentialReception).WaitFor(credentialReception)
    .WithServiceCredential(serviceCredential)
    .WithEnvironment(Secrets.AdminKeyVariable, adminKey);

builder.Build().Run();
