using Microsoft.EntityFrameworkCore;
using Migration.ServiceDefaults.Data;

namespace Migration.Gateway.Data;

public sealed class Operator
{
    public Guid Id { get; init; }
    public required string Name { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>An operator's API key; only a hash of its secret part is stored.</summary>
public sealed class ApiKey
{
    public Guid Id { get; init; }
    public Guid OperatorId { get; init; }

    /// <summary>The public part of the key, used to find the row.</summary>
    public required string KeyId { get; init; }
    public required byte[] SecretHash { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }
}

public sealed class GatewayDbContext(DbContextOptions<GatewayDbContext> options) : DbContext(options)
{
    public DbSet<Operator> Operators => Set<Operator>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Operator>(o =>
        {
            o.ToTable("operators");
            o.Property(x => x.Name).HasMaxLength(200);
        });
        modelBuilder.Entity<ApiKey>(k =>
        {
            k.ToTable("api_keys");
            k.HasIndex(x => x.KeyId).IsUnique();
            k.Property(x => x.KeyId).HasMaxLength(32);
            k.HasOne<Operator>().WithMany().HasForeignKey(x => x.OperatorId);
        });
        modelBuilder.UseSnakeCaseColumns();
    }
}

internal sealed class DesignTimeDbContextFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<GatewayDbContext>
{
    public GatewayDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<GatewayDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
