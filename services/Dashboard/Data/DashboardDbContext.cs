using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Migration.ServiceDefaults.Data;

namespace Migration.Dashboard.Data;

/// <summary>
/// The dashboard's own database: the Data Protection key ring its replicas share (docs/decisions/0022), and the sessions
/// signed out (docs/decisions/0025).
/// </summary>
public sealed class DashboardDbContext(DbContextOptions<DashboardDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<SignedOutSession> SignedOutSessions => Set<SignedOutSession>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        modelBuilder.Entity<SignedOutSession>(session =>
        {
            session.ToTable("signed_out_sessions");
            session.HasKey(s => s.SessionId);
            session.HasIndex(s => s.SignedOutAt);
        });
        modelBuilder.UseSnakeCaseColumns();
    }
}

internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<DashboardDbContext>
{
    public DashboardDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<DashboardDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
