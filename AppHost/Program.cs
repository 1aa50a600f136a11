using Migration.AppHost;
using Migration.AppHost.Infrastructure;
using Migration.AppHost.Peers;
using Migration.Contracts;

var builder = DistributedApplication.CreateBuilder(args);

var state = new StateDirectory(builder);
var infrastructure = builder.AddInfrastructure(ResourceNames.Postgres, ResourceNames.RabbitMq, state);
var gatewayDb = infrastructure.AddDatabase(ResourceNames.GatewayDatabase);
var migrationsDb = infrastructure.AddDatabase(ResourceNames.MigrationsDatabase);
var credentialsDb = infrastructure.AddDatabase(ResourceNames.CredentialReceptionDatabase);
var notificationDb = infrastructure.AddDatabase(ResourceNames.NotificationDatabase);
var sourceAccessDb = infrastructure.AddDatabase(ResourceNames.SourceAccessDatabase);
var provisioningDb = infrastructure.AddDatabase(ResourceNames.ProvisioningDatabase);
var dashboardDb = infrastructure.AddDatabase(ResourceNames.DashboardDatabase);
var (mailCatcher, smtpPort) = builder.AddMailCatcher(ResourceNames.MailCatcher);
var dovecot = builder.AddDovecot(ResourceNames.Dovecot, state);
// vault-operations is the AppHost's vault commands.
var identities = ServiceIdentities.Add(builder, ResourceNames.Gateway, ResourceNames.MigrationsService, ResourceNames.CredentialReception,
    ResourceNames.Notification, ResourceNames.SourceAccess, ResourceNames.Provisioning, ResourceNames.VaultOperations);
var adminKey = builder.AddAdminKey(state);
var protocolPeers = builder.AddProtocolPeers(ResourceNames.ProtocolPeers, state);

var gateway = builder.AddProject<Projects.Migration_Gateway>(ResourceNames.Gateway)
    .WithHttpEndpoint(port: builder.GatewayPort(), name: "http").WithExternalHttpEndpoints()
    .WithHttpHealthCheck(ServiceEndpoints.Health);

var migrations = builder.AddProject<Projects.Migration_Migrations>(ResourceNames.MigrationsService)
    .WithHttpEndpoint().WithHttpHealthCheck(ServiceEndpoints.Health)
    .WithDatabase(migrationsDb, builder.AddMigrationStep<Projects.Migration_Migrations>(ResourceNames.MigrationsDatabaseMigrator, migrationsDb, infrastructure))
    .WithReference(infrastructure.RabbitMq).WaitFor(infrastructure.RabbitMq)
    .WithServiceIdentity(identities, ResourceNames.MigrationsService);

var credentialReception = builder.AddProject<Projects.Migration_CredentialReception>(ResourceNames.CredentialReception)
    .WithHttpEndpoint().WithHttpHealthCheck(ServiceEndpoints.Health)
    .WithDatabase(credentialsDb, builder.AddMigrationStep<Projects.Migration_CredentialReception>(ResourceNames.CredentialReceptionDatabaseMigrator, credentialsDb, infrastructure))
    .WithReference(infrastructure.RabbitMq).WaitFor(infrastructure.RabbitMq)
    .WithServiceIdentity(identities, ResourceNames.CredentialReception)
    .WithLocalKeyFile(state)
    .WithVaultCommands(identities[ResourceNames.VaultOperations])
    .WithSettings(builder.Configuration, "Vault")
    .WithSettings(builder.Configuration, "Reception", except: "PublicBaseUrl")
    .WithSettings(builder.Configuration, "Benchmark")
    .WithEnvironment("Reception__PublicBaseUrl", gateway.GetEndpoint("http"))
    // Each asks the other synchronously where its copy may be behind (docs/decisions/0013); references only, no WaitFor
    // either way, which would be a start-up cycle.
    .WithReference(migrations);
migrations.WithReference(credentialReception);

var notification = builder.AddProject<Projects.Migration_Notification>(ResourceNames.Notification)
    .WithReplicas(builder.Configuration.GetValue("Notification:Replicas", 1))
    .WithHttpEndpoint().WithHttpHealthCheck(ServiceEndpoints.Health)
    .WithDatabase(notificationDb, builder.AddMigrationStep<Projects.Migration_Notification>(ResourceNames.NotificationDatabaseMigrator, notificationDb, infrastructure))
    .WithReference(infrastructure.RabbitMq).WaitFor(infrastructure.RabbitMq)
    .WithReference(credentialReception).WaitFor(credentialReception)
    .WithServiceIdentity(identities, ResourceNames.Notification)
    .WithSmtp(mailCatcher, smtpPort)
    .WithWebhookSettings(builder, state);

var sourceAccess = builder.AddProject<Projects.Migration_SourceAccess>(ResourceNames.SourceAccess)
    .WithHttpEndpoint().WithHttpHealthCheck(ServiceEndpoints.Health)
    .WithReplicas(builder.Configuration.GetValue("SourceAccess:Replicas", 1))
    .WithDatabase(sourceAccessDb, builder.AddMigrationStep<Projects.Migration_SourceAccess>(ResourceNames.SourceAccessDatabaseMigrator, sourceAccessDb, infrastructure))
    .WithReference(infrastructure.RabbitMq).WaitFor(infrastructure.RabbitMq)
    .WithReference(credentialReception).WaitFor(credentialReception)
    .WithServiceIdentity(identities, ResourceNames.SourceAccess)
    .WithProtocolPeers(protocolPeers).WaitFor(dovecot)
    .WithSettings(builder.Configuration, "SourceAccess", except: "Replicas");

var provisioning = builder.AddProject<Projects.Migration_Provisioning>(ResourceNames.Provisioning)
    .WithHttpEndpoint().WithHttpHealthCheck(ServiceEndpoints.Health)
    .WithReplicas(builder.Configuration.GetValue("Provisioning:Replicas", 1))
    .WithDatabase(provisioningDb, builder.AddMigrationStep<Projects.Migration_Provisioning>(ResourceNames.ProvisioningDatabaseMigrator, provisioningDb, infrastructure))
    .WithReference(infrastructure.RabbitMq).WaitFor(infrastructure.RabbitMq)
    .WithReference(credentialReception).WaitFor(credentialReception)
    .WithServiceIdentity(identities, ResourceNames.Provisioning)
    .WithGraph(builder.AddGraphApp(), protocolPeers)
    .WithSettings(builder.Configuration, "Provisioning", except: "Replicas");

// The operators' web UI calls only the public API, back through the gateway; the gateway waits for it (not the reverse).
// Its replicas share a key ring, and each circuit is one WebSocket to one replica (docs/decisions/0024).
// Its key ring is sealed with a key the database never sees; the migration step creates the first key, so it has it too.
var keyRingKey = builder.AddDashboardKeyRingKey(state);
var dashboard = builder.AddProject<Projects.Migration_Dashboard>(ResourceNames.Dashboard)
    .WithHttpEndpoint().WithHttpHealthCheck(ServiceEndpoints.Health)
    .WithReplicas(builder.Configuration.GetValue("Dashboard:Replicas", 1))
    .WithDatabase(dashboardDb, builder.AddMigrationStep<Projects.Migration_Dashboard>(ResourceNames.DashboardDatabaseMigrator, dashboardDb, infrastructure)
        .WithDashboardKeyRingKey(keyRingKey))
    .WithDashboardKeyRingKey(keyRingKey)
    .WithReference(gateway)
    .WithSettings(builder.Configuration, "Dashboard", except: ["Replicas", "KeyRing:Key"]);

// The gateway starts last: once it answers, every service's consumers are bound, so no event is published unheard.
gateway
    .WithDatabase(gatewayDb, builder.AddMigrationStep<Projects.Migration_Gateway>(ResourceNames.GatewayDatabaseMigrator, gatewayDb, infrastructure))
    .WithReference(migrations).WaitFor(migrations)
    .WithReference(credentialReception).WaitFor(credentialReception)
    .WithReference(notification).WaitFor(notification)
    .WaitFor(sourceAccess)
    .WaitFor(provisioning)
    .WithReference(dashboard).WaitFor(dashboard)
    .WithServiceIdentity(identities, ResourceNames.Gateway)
    .WithEnvironment(Secrets.AdminKeyVariable, adminKey)
    .WithSettings(builder.Configuration, "Gateway", except: "Port")
    .WithSettings(builder.Configuration, "Benchmark");

foreach (var service in new[] { gateway, migrations, credentialReception, notification, sourceAccess, provisioning, dashboard })
{
    service.WithServiceLogging(builder.Configuration).WithTelemetryExportSetting(builder.Configuration);
}

builder.Build().Run();
