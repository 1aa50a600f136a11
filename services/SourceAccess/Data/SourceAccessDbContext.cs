using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Migration.Messaging;
using Migration.ServiceDefaults.Data;

namespace Migration.SourceAccess.Data;

public sealed class SourceAccessDbContext(DbContextOptions<SourceAccessDbContext> options) : DbContext(options), IMessagingDbContext
{
    public DbSet<SourceProject> Projects => Set<SourceProject>();
    public DbSet<SourceMailbox> Mailboxes => Set<SourceMailbox>();
    public DbSet<SourceLease> Leases => Set<SourceLease>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SourceProject>(p =>
        {
            p.ToTable("source_projects");
            p.Property(x => x.Kind).HasConversion<string>();
            p.Property(x => x.Method).HasConversion<string>();
            p.Property(x => x.GrantStatus).HasConversion<string>();
            p.HasIndex(x => x.GrantCheckDueAt).HasFilter("grant_check_due_at IS NOT NULL");
        });
        modelBuilder.Entity<SourceMailbox>(m =>
        {
            m.ToTable("source_mailboxes");
            m.Property(x => x.Status).HasConversion<string>();
            m.HasIndex(x => new { x.ProjectId, x.DueAt }).HasFilter("due_at IS NOT NULL");
            m.HasIndex(x => x.ProjectId);
        });
        modelBuilder.Entity<SourceLease>(l =>
        {
            l.ToTable("source_leases");
            l.HasKey(x => new { x.SourceKey, x.Slot });
        });
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.UseSnakeCaseColumns();
    }
}

internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<SourceAccessDbContext>
{
    public SourceAccessDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SourceAccessDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
