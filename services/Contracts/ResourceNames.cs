namespace Migration.Contracts;

/// <summary>Names of the AppHost's resources, shared so that connection strings and service discovery agree.</summary>
public static class ResourceNames
{
    public const string Postgres = "postgres";
    public const string RabbitMq = "rabbitmq";
    public const string GatewayDatabase = "gatewaydb";
    public const string MigrationsDatabase = "migrationsdb";
    public const string Gateway = "gateway";
    public const string GatewayDatabaseMigrator = "gateway-dbmigrator";
    public const string MigrationsService = "migrations";
    public const string MigrationsDatabaseMigrator = "migrations-dbmigrator";
    public const string CredentialReception = "credential-reception";
    public const string CredentialReceptionDatabase = "credentialsdb";
    public const string CredentialReceptionDatabaseMigrator = "credential-reception-dbmigrator";
    public const string Notification = "notification";
    public const string NotificationDatabase = "notificationdb";
    public const string NotificationDatabaseMigrator = "notification-dbmigrator";
    /// <summary>The operators' web UI, served by the gateway at /dashboard; a client of the public API like any other.</summary>
    public const string Dashboard = "dashboard";
    public const string DashboardDatabase = "dashboarddb";
    public const string DashboardDatabaseMigrator = "dashboard-dbmigrator";
    public const string MailCatcher = "smtp4dev";
    public const string Dovecot = "dovecot";
    public const string AdminKeyParameter = "migration-admin-key";
    public const string DashboardKeyRingKeyParameter = "dashboard-key-ring-key";

    /// <summary>The stand-ins for Entra ID, Graph, EWS and Google (tests/Migration.ProtocolPeers), for tests and local runs.</summary>
    public const string ProtocolPeers = "protocol-peers";

    /// <summary>The services of later issues that read plaintext credentials: their identities exist before they do.</summary>
    public const string SourceAccess = "source-access";
    public const string SourceAccessDatabase = "sourceaccessdb";
    public const string SourceAccessDatabaseMigrator = "source-access-dbmigrator";
    public const string Provisioning = "provisioning";
    public const string ProvisioningDatabase = "provisioningdb";
    public const string ProvisioningDatabaseMigrator = "provisioning-dbmigrator";

    /// <summary>The identity of the AppHost's vault commands (key rotation and re-wrapping).</summary>
    public const string VaultOperations = "vault-operations";

    /// <summary>The secret parameter holding a service's own credential, e.g. <c>notification-credential</c>.</summary>
    public static string CredentialParameter(string service) => $"{service}-credential";
}
