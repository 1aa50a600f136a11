using Microsoft.EntityFrameworkCore;
using Migration.Messaging;
using Migration.Messaging.Idempotency;
using Migration.Migrations.Domain;
using Migration.ServiceDefaults.Data;

namespace Migration.Migrations.Data;

public sealed class MigrationsDbContext(DbContextOptions<MigrationsDbContext> options) : DbContext(options), IMessagingDbContext
{
    public const string MailboxesTable = "mailboxes";

    public DbSet<Project> Projects => Set<Project>();
    public DbSet<Mailbox> Mailboxes => Set<Mailbox>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Project>(project =>
        {
            project.ToTable("projects");
            project.Ignore(p => p.Settings);
            project.Ignore(p => p.SourceAccess);
            project.Property(p => p.SourceMaxConcurrency).HasDefaultValue(ProjectSourceDefaults.MaxConcurrency);
            project.Property(p => p.SourceRecheckEveryHours).HasDefaultValue(ProjectSourceDefaults.RecheckEveryHours);
            project.HasIndex(p => new { p.OperatorId, p.CreatedAt });
            project.Property(p => p.Name).HasMaxLength(200);
            project.Property(p => p.CustomerName).HasMaxLength(200);
            project.Property(p => p.CustomerDomain).HasMaxLength(253);
            project.Property(p => p.LicenseSku).HasMaxLength(ProjectDestinationRules.MaxLicenseSkuLength);
            project.Property(p => p.UsageLocation).HasMaxLength(2).HasDefaultValue(ProjectDestinationRules.DefaultUsageLocation);
        });

        modelBuilder.Entity<Mailbox>(mailbox =>
        {
            mailbox.ToTable(MailboxesTable);
            mailbox.Ignore(m => m.Progress);
            mailbox.Property(m => m.Sequence).UseIdentityByDefaultColumn();
            mailbox.HasIndex(m => new { m.ProjectId, m.SourceAddress }).IsUnique();
            mailbox.HasIndex(m => new { m.ProjectId, m.Sequence });
            mailbox.HasIndex(m => new { m.ProjectId, m.State });
            mailbox.HasOne<Project>().WithMany().HasForeignKey(m => m.ProjectId);
        });

        modelBuilder.AddOutboxAndInbox();
        modelBuilder.AddIdempotentRequests();
        modelBuilder.UseSnakeCaseColumns();
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name so the database reads on its own and survives reordering.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
    }
}
