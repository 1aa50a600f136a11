using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Migration.Contracts;
using static Microsoft.Playwright.Assertions;

namespace Migration.IntegrationTests;

/// <summary>
/// Two dashboard replicas behind the AppHost's proxy, which picks a replica per TCP connection: every circuit is one
/// WebSocket, so it works wherever that socket lands, and a sign-in made on one replica is good on the other
/// (docs/decisions/0024).
/// </summary>
public sealed partial class DashboardReplicasTests(PlatformFixture platform)
{
    private const int Replicas = 2;
    private const int Contexts = 6;
    private const int Reloads = 6;
    private const int Timeout = 30_000;

    [Fact]
    public async Task Circuits_work_on_either_replica_and_both_replicas_serve_them()
    {
        var (_, key) = await platform.CreateOperatorAsync("Dashboard replicas operator");
        var projectId = await platform.CreateProjectAsync(key);
        await platform.AddMailboxesAsync(key, projectId, "anna@contoso.com", "bert@contoso.com", "carla@contoso.com");
        var before = await CircuitsPerReplicaAsync();
        await using var session = await DashboardSession.OpenAsync(platform);

        await session.StepsAsync("dashboard-replicas", async () =>
        {
            // Every context keeps its page, and so its circuit's socket, open: the proxy sees that many connections at once.
            for (var i = 0; i < Contexts; i++)
            {
                var page = await session.NewContextPageAsync();
                await session.SignInAsync(page, key);
                await OpenProjectAsync(session, page, projectId);
                await AssertInteractiveAsync(page);
            }

            // Each reload is a new circuit on whichever replica its socket reaches, still signed in by the same cookie.
            await session.SignInAsync(key);
            await OpenProjectAsync(session, session.Page, projectId);
            await AssertInteractiveAsync(session.Page);
            for (var i = 0; i < Reloads; i++)
            {
                await session.Page.ReloadAsync(new() { Timeout = Timeout });
                await Expect(ProjectHeading(session.Page)).ToBeVisibleAsync(new() { Timeout = Timeout });
                await AssertInteractiveAsync(session.Page);
            }
        });

        var after = await CircuitsPerReplicaAsync();
        var started = after.ToDictionary(r => r.Key, r => r.Value - before.GetValueOrDefault(r.Key));
        Assert.Equal(Replicas, started.Count);
        Assert.True(started.Values.Sum() >= Contexts + 1 + Reloads, $"Circuit sockets per replica: {Describe(started)}");
        Assert.True(started.Values.All(count => count > 0), $"Every circuit landed on one replica: {Describe(started)}");
    }

    [Fact]
    public async Task The_shared_key_ring_in_the_database_holds_every_key_sealed_and_its_sealing_key_is_in_no_log()
    {
        // A sign-in first, so that the ring has been read and used by a replica, not only written by the migration step.
        var (_, key) = await platform.CreateOperatorAsync("Dashboard key ring operator");
        await using (var session = await DashboardSession.OpenAsync(platform))
        {
            await session.SignInAsync(key);
        }
        await using var database = await platform.OpenDatabaseAsync(ResourceNames.DashboardDatabase);
        await using var command = new Npgsql.NpgsqlCommand("SELECT xml FROM data_protection_keys", database);
        var keys = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                keys.Add(reader.GetString(0));
            }
        }
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("<sealedKey", xml);
            Assert.DoesNotContain("<masterKey", xml);
        });
        var sealingKey = await platform.ParameterValueAsync(ResourceNames.DashboardKeyRingKeyParameter);
        Assert.True(sealingKey.Length >= 32);
        // Every resource's own log lines; the orchestrator's debug lines (the tests log it at Trace) print each resource's
        // environment, every secret parameter included, as any Aspire AppHost does at that level.
        var resourceLines = platform.Logs.Lines.Where(line => line.StartsWith("Migration.AppHost.Resources.", StringComparison.Ordinal)).ToList();
        Assert.Contains(resourceLines, line => line.StartsWith($"Migration.AppHost.Resources.{ResourceNames.Dashboard}", StringComparison.Ordinal));
        Assert.DoesNotContain(resourceLines, line => line.Contains(sealingKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_page_whose_replica_stops_reloads_onto_the_other_and_works()
    {
        var (_, key) = await platform.CreateOperatorAsync("Dashboard replica stop operator");
        var projectId = await platform.CreateProjectAsync(key);
        await platform.AddMailboxesAsync(key, projectId, "anna@contoso.com", "bert@contoso.com", "carla@contoso.com");
        await using var session = await DashboardSession.OpenAsync(platform);
        var page = session.Page;
        string? stopped = null;
        try
        {
            await session.StepsAsync("dashboard-replica-stopped", async () =>
            {
                // The projects page opens one circuit, the project page another: the replica whose count the second raised holds it.
                var beforeSignIn = await CircuitsPerReplicaAsync();
                await session.SignInAsync(key);
                var signedIn = await OneMoreCircuitThanAsync(beforeSignIn);
                await OpenProjectAsync(session, page, projectId);
                await AssertInteractiveAsync(page);
                var opened = await OneMoreCircuitThanAsync(signedIn);
                stopped = Assert.Single(opened, r => r.Value > signedIn.GetValueOrDefault(r.Key)).Key;

                // The socket drops; the other replica has no such circuit, so Blazor reloads the page, which works there.
                await page.EvaluateAsync("() => window.beforeTheStop = true");
                var reload = page.WaitForRequestAsync(r => r.IsNavigationRequest && r.Url.EndsWith($"projects/{projectId}", StringComparison.Ordinal),
                    new() { Timeout = 90_000 });
                // Killed rather than stopped: under CI load a replica asked to stop with an open circuit twice failed to end
                // within minutes (not seen on a quiet machine; not yet understood), and the page's move is what is tested here.
                await platform.KillReplicaAsync(stopped, TestContext.Current.CancellationToken);
                await reload;
                await Expect(ProjectHeading(page)).ToBeVisibleAsync(new() { Timeout = Timeout });
                Assert.True(await page.EvaluateAsync<bool>("() => window.beforeTheStop === undefined"));
                await AssertInteractiveAsync(page);
            });
        }
        finally
        {
            if (stopped is not null)
            {
                await platform.StartReplicaAsync(ResourceNames.Dashboard, stopped, Replicas, TestContext.Current.CancellationToken);
            }
        }
    }

    private static async Task OpenProjectAsync(DashboardSession session, IPage page, string projectId)
    {
        await page.GotoAsync(session.Url($"projects/{projectId}"), new() { Timeout = Timeout });
        await Expect(ProjectHeading(page)).ToBeVisibleAsync(new() { Timeout = Timeout });
    }

    private static ILocator ProjectHeading(IPage page) => page.GetByRole(AriaRole.Heading, new() { Name = "Contoso to M365", Level = 1 });

    /// <summary>The table came from the circuit, and a change of the state filter renders it again through the same circuit.</summary>
    private static async Task AssertInteractiveAsync(IPage page)
    {
        var mailboxes = page.GetByRole(AriaRole.Table).Filter(new() { HasText = "Source address" });
        await Expect(mailboxes.GetByRole(AriaRole.Rowheader)).ToHaveCountAsync(3, new() { Timeout = Timeout });
        await page.GetByLabel("Filter by state").SelectOptionAsync("ready");
        await Expect(mailboxes.GetByRole(AriaRole.Rowheader)).ToHaveCountAsync(0, new() { Timeout = Timeout });
        await page.GetByLabel("Filter by state").SelectOptionAsync("");
        await Expect(mailboxes.GetByRole(AriaRole.Rowheader)).ToHaveCountAsync(3, new() { Timeout = Timeout });
    }

    /// <summary>How many circuit sockets each replica has accepted so far; no replica was ever asked to negotiate one.</summary>
    private async Task<Dictionary<string, int>> CircuitsPerReplicaAsync()
    {
        var logs = await platform.ReplicaLogsAsync(ResourceNames.Dashboard, Replicas, TestContext.Current.CancellationToken);
        foreach (var (replica, lines) in logs)
        {
            Assert.DoesNotContain(lines, line => line.Contains("/dashboard/_blazor/negotiate", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, line => line.Contains("No Connection with that ID", StringComparison.Ordinal));
        }
        return logs.ToDictionary(r => r.Key, r => r.Value.Count(line => CircuitSocket().IsMatch(line)));
    }

    /// <summary>The counts once the log shows the one circuit socket opened since <paramref name="earlier"/> (its lines come a moment later).</summary>
    private Task<Dictionary<string, int>> OneMoreCircuitThanAsync(Dictionary<string, int> earlier) =>
        Eventually.WaitForAsync(CircuitsPerReplicaAsync, counts => counts.Values.Sum() == earlier.Values.Sum() + 1, "One more circuit socket", seconds: 15);

    private static string Describe(Dictionary<string, int> counts) => string.Join(", ", counts.Select(c => $"{c.Key}: {c.Value}"));

    [GeneratedRegex(@"Request starting HTTP/\S+ GET \S+/dashboard/_blazor(\?\S*)? ")]
    private static partial Regex CircuitSocket();
}
