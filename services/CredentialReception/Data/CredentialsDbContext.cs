using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Migration.Messaging;
using Migration.Messaging.Idempotency;
using Migration.ServiceDefaults.Data;

namespace Migration.CredentialReception.Data;

public sealed class CredentialsDbContext(DbContextOptions<CredentialsDbContext> options) : DbContext(options), IMessagingDbContext
{
    public DbSet<KnownProject> Projects => Set<KnownProject>();
    public DbSet<KnownMailbox> Mailboxes => Set<KnownMailbox>();
    public DbSet<StoredCredential> Credentials => Set<StoredCredential>();
    public DbSet<OperatorDataKey> DataKeys => Set<OperatorDataKey>();
    public DbSet<CredentialRead> CredentialReads => Set<CredentialRead>();
    public DbSet<ReceptionLink> ReceptionLinks => Set<ReceptionLink>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<KnownProject>(p => p.ToTable("projects"));
        modelBuilder.Entity<KnownMailbox>(m =>
        {
            m.ToTable("mailboxes");
            m.HasIndex(x => new { x.ProjectId, x.SourceAddress }).IsUnique();
        });
        modelBuilder.Entity<StoredCredential>(c =>
        {
            c.ToTable("credentials");
            c.HasIndex(x => new { x.MailboxId, x.Kind }).IsUnique();
            c.HasIndex(x => x.ProjectId);
        });
        modelBuilder.Entity<OperatorDataKey>(k =>
        {
            k.ToTable("operator_data_keys");
            k.HasIndex(x => x.OperatorId).IsUnique();
        });
        modelBuilder.Entity<CredentialRead>(r =>
        {
            r.ToTable("credential_reads");
            r.HasIndex(x => x.CredentialId);
        });
        modelBuilder.Entity<ReceptionLink>(l =>
        {
            l.ToTable("reception_links");
            l.HasIndex(x => x.TokenHash).IsUnique();
            l.HasIndex(x => x.ProjectId);
        });
        modelBuilder.Entity<Invitation>(i =>
        {
            i.ToTable("invitations");
            i.HasKey(x => x.MailboxId);
            i.HasIndex(x => x.ProjectId);
        });
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.AddIdempotentRequests();
        modelBuilder.UseSnakeCaseColumns();
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
}

internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<CredentialsDbContext>
{
    public CredentialsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CredentialsDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
