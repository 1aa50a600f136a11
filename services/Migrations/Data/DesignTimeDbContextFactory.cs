using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Migration.Migrations.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<MigrationsDbContext>
{
    public MigrationsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<MigrationsDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
