using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Migration.IntegrationTests;

/// <summary>
/// The dashboard's Webhooks page in headless Chromium: an operator subscribes a real receiver on the tests' loopback, sees
/// the API's refusal of a private address next to the form, sees a delivery after an event, deletes the subscription
/// after confirming, and never sees another operator's webhooks or any secret.
/// </summary>
public sealed class DashboardWebhooksTests(PlatformFixture platform)
{
    private const int Timeout = 30_000;

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task An_operator_adds_a_webhook_sees_its_delivery_and_deletes_it(int width)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (operatorId, key) = await platform.CreateOperatorAsync($"Webhook page operator {width}");
        var secret = $"page-secret-{Guid.NewGuid():N}";
        var url = new Uri(receiver.BaseUrl, $"ok/dashboard-{width}").AbsoluteUri;
        await using var session = await DashboardSession.OpenAsync(platform, width, 900);
        await session.StepsAsync($"dashboard-webhooks-{width}", async () =>
        {
            var page = session.Page;
            await session.SignInAsync(key);
            await page.GetByRole(AriaRole.Link, new() { Name = "Webhooks" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Webhooks", Level = 1 })).ToBeVisibleAsync(new() { Timeout = Timeout });
            await Expect(page.GetByText("No webhook yet")).ToBeVisibleAsync(new() { Timeout = Timeout });

            // A private address is refused by the API, and its words show next to the form.
            await page.GetByLabel("URL", new() { Exact = true }).FillAsync("https://10.0.0.1/hook");
            await page.GetByLabel("Mailbox ready").CheckAsync();
            await page.GetByLabel("Secret", new() { Exact = true }).FillAsync(secret);
            await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("URL:");
            await Expect(page.GetByLabel("URL", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
            await session.ScreenshotAsync($"dashboard-webhooks-refused-{width}");

            await page.GetByLabel("URL", new() { Exact = true }).FillAsync(url);
            await page.GetByLabel("Password changed").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("added");
            var webhook = page.GetByRole(AriaRole.Article, new() { Name = url });
            await Expect(webhook).ToContainTextAsync("Mailbox ready, Password changed");
            await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
            await Expect(page.GetByLabel("Secret", new() { Exact = true })).ToHaveValueAsync("");
            Assert.DoesNotContain(secret, await page.ContentAsync());

            await platform.PublishAsync([(Guid.NewGuid(), WebhookTests.MailboxReadyFor(operatorId))]);
            var delivery = webhook.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "Mailbox ready" }) });
            await Expect(delivery).ToContainTextAsync("Delivered", new() { Timeout = Timeout });
            // Created, status, attempts, last status code, next try (none once delivered).
            await Expect(delivery.GetByRole(AriaRole.Cell)).ToHaveTextAsync(new Regex[] { new("UTC$"), new("^Delivered$"), new("^1$"), new("^204$"), new("^–$") });
            Assert.Single(receiver.At($"/ok/dashboard-{width}"));
            await session.AssertAccessibleAsync($"dashboard-webhooks-{width}");

            await webhook.GetByRole(AriaRole.Button, new() { Name = $"Delete {url}" }).ClickAsync();
            var confirm = webhook.GetByRole(AriaRole.Group, new() { Name = "Delete this webhook?" });
            await Expect(confirm.GetByRole(AriaRole.Button, new() { Name = "Yes, delete" })).ToBeFocusedAsync();
            await session.ScreenshotAsync($"dashboard-webhooks-confirm-{width}");
            await confirm.GetByRole(AriaRole.Button, new() { Name = "Yes, delete" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("deleted");
            await Expect(webhook).ToHaveCountAsync(0);
            await Expect(page.GetByText("No webhook yet")).ToBeVisibleAsync();

            using var list = await platform.GetAsync("/v1/webhooks", key);
            Assert.Equal(0, (await list.ReadJsonAsync())["total"]!.GetValue<int>());
        });
        session.AssertEveryRequestStayedOnTheOrigin();
        // The secret went from the page over the circuit to the gateway and notification; no log line of any of them holds it.
        Assert.DoesNotContain(platform.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Operator_B_never_sees_operator_A_s_webhook()
    {
        var (_, keyA) = await platform.CreateOperatorAsync("Webhook page A");
        var (_, keyB) = await platform.CreateOperatorAsync("Webhook page B");
        var url = $"http://127.0.0.1:9/a-s-hook-{Guid.NewGuid():N}";
        using (var created = await platform.PostJsonAsync("/v1/webhooks", keyA,
                   System.Text.Json.JsonSerializer.Serialize(new { url, events = new[] { "projectReady" }, secret = $"a-s-secret-{Guid.NewGuid():N}" })))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        await using var session = await DashboardSession.OpenAsync(platform);
        await session.StepsAsync("dashboard-webhooks-other-operator", async () =>
        {
            var page = session.Page;
            await session.SignInAsync(keyB);
            await page.GotoAsync(session.Url("webhooks"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Webhooks", Level = 1 })).ToBeVisibleAsync(new() { Timeout = Timeout });
            await Expect(page.GetByText("No webhook yet")).ToBeVisibleAsync(new() { Timeout = Timeout });
            Assert.DoesNotContain(url, await page.ContentAsync());
        });
        session.AssertEveryRequestStayedOnTheOrigin();
    }
}
