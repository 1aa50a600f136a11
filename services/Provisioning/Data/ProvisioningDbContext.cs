using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Migration.Messaging;
using Migration.ServiceDefaults.Data;

namespace Migration.Provisioning.Data;

public sealed class ProvisioningDbContext(DbContextOptions<ProvisioningDbContext> options) : DbContext(options), IMessagingDbContext
{
    public DbSet<ProvisioningJob> Jobs => Set<ProvisioningJob>();
    public DbSet<CompletedProject> CompletedProjects => Set<CompletedProject>();
    public DbSet<WriteBucket> WriteBuckets => Set<WriteBucket>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ProvisioningJob>(j =>
        {
            j.ToTable("provisioning_jobs");
            j.HasKey(x => x.MailboxId);
            j.Property(x => x.Action).HasConversion<string>();
            j.Property(x => x.Status).HasConversion<string>();
            j.HasIndex(x => new { x.Tenant, x.DueAt }).HasFilter("due_at IS NOT NULL");
            j.HasIndex(x => x.ProjectId);
        });
        modelBuilder.Entity<CompletedProject>(p =>
        {
            p.ToTable("completed_projects");
            p.HasKey(x => x.ProjectId);
        });
        modelBuilder.Entity<WriteBucket>(b =>
        {
            b.ToTable("write_buckets");
            b.HasKey(x => x.Scope);
        });
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.UseSnakeCaseColumns();
    }
}

internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ProvisioningDbContext>
{
    public ProvisioningDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ProvisioningDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
