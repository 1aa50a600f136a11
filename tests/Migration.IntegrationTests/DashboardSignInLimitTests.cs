using System.Security.Cryptography;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Migration.IntegrationTests;

/// <summary>
/// Every operator signs in through the one dashboard, so the gateway must count a wrong key against the browser that sent
/// it, not against the dashboard: someone guessing keys is refused, and an operator elsewhere signs in at that moment.
/// </summary>
public sealed class DashboardSignInLimitTests(PlatformFixture platform)
{
    [Fact]
    public async Task Wrong_keys_from_one_browser_lock_out_that_browser_only()
    {
        var guesser = $"10.66.{Random.Shared.Next(1, 250)}.1";
        await using var attacker = await DashboardSession.OpenAsync(platform, clientAddress: guesser);
        // The guesser also calls the API straight, without pause, so its budget at the gateway stays used up (a token
        // comes back each second); then its wrong keys through the dashboard's sign-in page.
        using var stopGuessing = new CancellationTokenSource();
        var guessing = KeepGuessingAsync(guesser, stopGuessing.Token);
        try
        {
            await attacker.StepsAsync("dashboard-sign-in-limit", async () =>
            {
                var page = attacker.Page;
                await page.GotoAsync(attacker.Url("signin"));
                var refused = false;
                for (var attempt = 0; attempt < 5 && !refused; attempt++)
                {
                    await page.GetByLabel("API key").FillAsync(RandomKey());
                    await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
                    // The page that answers the post never shows the key again: once the field is empty, the alert read next
                    // is this try's, not the one before's.
                    await Expect(page.GetByLabel("API key")).ToHaveValueAsync("", new() { Timeout = 30_000 });
                    var alert = page.GetByRole(AriaRole.Alert);
                    await Expect(alert).ToBeVisibleAsync();
                    refused = (await alert.InnerTextAsync()).Contains("Too many attempts");
                }
                Assert.True(refused, "The dashboard's sign-in was not counted against the guessing browser.");
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
            });
        }
        finally
        {
            await stopGuessing.CancelAsync();
            await guessing;
        }

        // A key the gateway has never seen costs a lookup, which a locked-out address would not be given.
        var (_, key) = await platform.CreateOperatorAsync("Operator signing in elsewhere");
        await using var operatorSession = await DashboardSession.OpenAsync(platform, clientAddress: "10.67.0.1");
        await operatorSession.StepsAsync("dashboard-sign-in-elsewhere", () => operatorSession.SignInAsync(key));
    }

    private async Task KeepGuessingAsync(string address, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/operators/me");
                request.Headers.Add("X-Forwarded-For", address);
                request.Headers.Authorization = new("Bearer", RandomKey());
                using var response = await platform.Gateway.SendAsync(request, CancellationToken.None);
            }));
            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static string RandomKey() =>
        $"mig_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}_{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";
}
