using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Migration.Messaging.Redelivery;
using Migration.Migrations.Domain;
using Migration.ServiceDefaults.Data;
using Npgsql;

namespace Migration.UnitTests;

public sealed class TransientFaultsTests
{
    [Theory]
    [InlineData("55000")] // database not accepting connections (ALLOW_CONNECTIONS false), which Npgsql calls permanent
    [InlineData("57P01")] // terminated by the administrator
    [InlineData("57P03")]
    [InlineData("53300")]
    [InlineData("08006")]
    [InlineData("40001")]
    [InlineData("40P01")]
    [InlineData("25P03")]
    public void A_PostgreSQL_error_that_goes_away_by_itself_is_transient(string sqlState)
    {
        var error = new PostgresException("down", "FATAL", "FATAL", sqlState);
        Assert.True(TransientFaults.IsTransient(error));
        Assert.True(TransientFaults.IsTransient(new Microsoft.EntityFrameworkCore.DbUpdateException("save failed", error)));
        Assert.True(TransientFaults.IsTransient(new AggregateException(new InvalidOperationException("other"), error)));
    }

    [Theory]
    [InlineData("23505")]
    [InlineData("42P01")]
    [InlineData("22P02")]
    public void A_PostgreSQL_error_that_fails_the_same_way_every_time_is_not_transient(string sqlState) =>
        Assert.False(TransientFaults.IsTransient(new PostgresException("bug", "ERROR", "ERROR", sqlState)));

    [Fact]
    public void A_refused_connection_or_a_timeout_is_transient_and_a_bug_is_not()
    {
        Assert.True(TransientFaults.IsTransient(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(TransientFaults.IsTransient(new TimeoutException()));
        Assert.True(TransientFaults.IsTransient(new HttpRequestException("unavailable", null, System.Net.HttpStatusCode.ServiceUnavailable)));
        Assert.False(TransientFaults.IsTransient(new HttpRequestException("forbidden", null, System.Net.HttpStatusCode.Forbidden)));
        Assert.False(TransientFaults.IsTransient(new InvalidOperationException("Credential for unknown mailbox")));
        Assert.False(TransientFaults.IsTransient(new AggregateException(new InvalidOperationException("a"), new ArgumentException("b"))));
    }

    [Fact]
    public void Redelivery_delays_grow_then_repeat_the_last_and_the_default_horizon_is_at_least_30_minutes()
    {
        var options = new TransientRedeliveryOptions();
        Assert.Equal(options.Delays[0], options.DelayBefore(1));
        Assert.True(options.DelayBefore(2) > options.DelayBefore(1));
        Assert.Equal(options.Delays[^1], options.DelayBefore(100));
        Assert.True(options.Horizon >= TimeSpan.FromMinutes(30));
    }

    [Fact]
    public void Credential_references_made_later_are_newer_whatever_their_random_part()
    {
        var start = DateTimeOffset.UtcNow;
        for (var i = 0; i < 1000; i++)
        {
            var earlier = Guid.CreateVersion7(start.AddMilliseconds(i));
            var later = Guid.CreateVersion7(start.AddMilliseconds(i + 1 + Random.Shared.Next(100_000)));
            Assert.True(CredentialVersions.IsNewer(later, earlier));
            Assert.False(CredentialVersions.IsNewer(earlier, later));
            Assert.True(CredentialVersions.IsOlder(earlier, later));
            Assert.False(CredentialVersions.IsNewer(later, later));
        }
        Assert.True(CredentialVersions.IsNewer(Guid.CreateVersion7(), null));
        Assert.False(CredentialVersions.IsOlder(Guid.CreateVersion7(), null));
    }

    [Fact]
    public void Service_connections_end_a_transaction_left_idle_unless_the_connection_string_says_otherwise()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:plain"] = "Host=localhost;Database=db;Username=u;Password=p",
            ["ConnectionStrings:options"] = "Host=localhost;Database=db;Options=-c statement_timeout=5000",
            ["ConnectionStrings:own"] = "Host=localhost;Database=db;Options=-c idle_in_transaction_session_timeout=1000",
        }).Build();

        Assert.Equal("-c idle_in_transaction_session_timeout=60000",
            new NpgsqlConnectionStringBuilder(configuration.GetDatabaseConnectionString("plain")).Options);
        Assert.Equal("-c statement_timeout=5000 -c idle_in_transaction_session_timeout=60000",
            new NpgsqlConnectionStringBuilder(configuration.GetDatabaseConnectionString("options")).Options);
        Assert.Equal("-c idle_in_transaction_session_timeout=1000",
            new NpgsqlConnectionStringBuilder(configuration.GetDatabaseConnectionString("own")).Options);
    }
}
