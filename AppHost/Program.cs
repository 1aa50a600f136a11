using Migration.AppHost;
using Migration.AppHost.Infrastructure;
using Migration.Contracts;

var builder = DistributedApplication.CreateBuilder(args);

var state = new StateDirectory(builder);
var infrastructure = builder.AddInfrastructure(ResourceNames.Postgres, ResourceNames.RabbitMq, state);
var gatewayDb = infrastructure.AddDatabase(ResourceNames.GatewayDatabase);
var migrationsDb = infrastructure.AddDatabase(ResourceNames.MigrationsDatabase);
var credentialsDb = infrastructure.AddDatabase(ResourceNames.CredentialReceptionDatabase);
var notificationDb = infrastructure.AddDatabase(ResourceNames.NotificationDatabase);
var (mailCatcher, smtpPort) = builder.AddMailCatcher(ResourceNames.MailCatcher);
var serviceCredential = builder.AddServiceCredential();
var adminKey = builder.AddAdminKey(state);

var gateway = builder.AddProject<Projects.Migration_Gateway>(ResourceNames.Gateway)
    .WithHttpEndpoint(port: builder.GatewayPort(), name: "http").WithExternalHttpEndpoints()
    .WithHttpHealthCheck(ServiceEndpoints.Health);

var migrations = builder.AddProject<Projects.Migration_Migrations>(ResourceNames.MigrationsService)
    .WithHttpEndpoint().WithHttpHealthCheck(ServiceEndpoints.Health)
    .WithDatabase(migrationsDb, builder.AddMigrationStep<Projects.Migration_Migrations>(ResourceNames.MigrationsDatabaseMigrator, migrationsDb, infrastructure, serviceCredential))
    .WithReference(infrastructure.RabbitMq).WaitFor(infrastructure.RabbitMq)
    .WithServiceCredential(serviceCredential);

var credentialReception = builder.AddProject<Projects.Migration_CredentialReception>(ResourceNames.CredentialReception)
    .WithHttpEndpoint().WithHttpHealthCheck(ServiceEndpoints.Health)
    .WithDatabase(credentialsDb, builder.AddMigrationStep<Projects.Migration_CredentialReception>(ResourceNames.CredentialReceptionDatabaseMigrator, credentialsDb, infrastructure, serviceCredential))
    .WithReference(infrastructure.RabbitMq).WaitFor(infrastructure.RabbitMq)
    .WithServiceCredential(serviceCredential)
    .WithLocalKeyFile(state)
    .WithVaultCommands(serviceCredential)
    .WithSettings(builder.Configuration, "Vault")
    .WithSettings(builder.Configuration, "Reception", except: "PublicBaseUrl")
    .WithSettings(builder.Configuration, "Benchmark")
    .WithEnvironment("Reception__PublicBaseUrl", gateway.GetEndpoint("http"))
    // Each asks the other synchronously where its copy may be behind (docs/decisions/0012b); references only, no WaitFor
    // either way, which would be a start-up cycle.
    .WithReference(migrations);
migrations.WithReference(credentialReception);

var notification = builder.AddProject<Projects.Migration_Notification>(ResourceNames.Notification)
    .WithHttpEndpoint().WithHttpHealthCheck(ServiceEndpoints.Health)
    .WithDatabase(notificationDb, builder.AddMigrationStep<Projects.Migration_Notification>(ResourceNames.NotificationDatabaseMigrator, notificationDb, infrastructure, serviceCredential))
    .WithReference(infrastructure.RabbitMq).WaitFor(infrastructure.RabbitMq)
    .WithReference(credentialReception).WaitFor(credentialReception)
    .WithServiceCredential(serviceCredential)
    .WithSmtp(mailCatcher, smtpPort);

// The gateway starts last: once it answers, every service's consumers are bound, so no event is published unheard.
gateway
    .WithDatabase(gatewayDb, builder.AddMigrationStep<Projects.Migration_Gateway>(ResourceNames.GatewayDatabaseMigrator, gatewayDb, infrastructure, serviceCredential))
    .WithReference(migrations).WaitFor(migrations)
    .WithReference(credentialReception).WaitFor(credentialReception)
    .WaitFor(notification)
    .WithServiceCredential(serviceCredential)
    .WithEnvironment(Secrets.AdminKeyVariable, adminKey)
    .WithSettings(builder.Configuration, "Gateway", except: "Port")
    .WithSettings(builder.Configuration, "Benchmark");

foreach (var service in new[] { gateway, migrations, credentialReception, notification })
{
    service.WithServiceLogging(builder.Configuration).WithTelemetryExportSetting(builder.Configuration);
}

builder.Build().Run();
