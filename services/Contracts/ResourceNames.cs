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
    public const string MailCatcher = "smtp4dev";
    public const string AdminKeyParameter = "migration-admin-key";
    public const string ServiceCredentialParameter = "service-credential";
}
