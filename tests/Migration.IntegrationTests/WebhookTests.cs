using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MassTransit;
using Migration.Contracts;
using Migration.Contracts.Events;

namespace Migration.IntegrationTests;

/// <summary>
/// Webhooks end to end: subscriptions through the gateway, events from the real broker, signed deliveries to a real
/// receiver on the test's loopback (the fixture allows 127.0.0.0/8 over plain http, nothing else), tries again with
/// back-off (seconds apart here), and the address policy at subscription and at delivery time.
/// </summary>
public sealed class WebhookTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_delivery_is_signed_with_the_secret_carries_the_event_and_is_made_once_per_event()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (operatorId, key) = await platform.CreateOperatorAsync("Webhook signer");
        var secret = $"signing-secret-{Guid.NewGuid():N}";
        var webhook = await CreateAsync(key, new Uri(receiver.BaseUrl, "ok/signed"), ["mailboxReady", "mailboxFailed"], secret);
        Assert.Equal(["mailboxReady", "mailboxFailed"], webhook["events"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.NotNull(webhook["createdAt"]);
        Assert.Null(webhook["secret"]);

        var eventId = NewId.NextGuid();
        var ready = MailboxReadyFor(operatorId);
        await platform.PublishAsync([(eventId, ready)]);
        // The same event again (a redelivery) and one the subscription does not want: neither is delivered.
        await platform.PublishAsync([(eventId, ready)]);
        await platform.PublishAsync([(NewId.NextGuid(), new ProjectReady
        {
            OperatorId = Guid.Parse(operatorId), ProjectId = ready.ProjectId, CorrelationId = Guid.NewGuid(), Mailboxes = 1, ReadyAt = DateTimeOffset.UtcNow,
        })]);

        var delivery = await DeliveriesWhenAsync(key, webhook, items => items.Count == 1 && items[0]!["status"]!.GetValue<string>() == "delivered", "the delivery");
        var received = Assert.Single(receiver.At("/ok/signed"));
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), received.Body));
        Assert.Equal(expected, received.Headers["X-Signature-256"]);
        Assert.Equal(eventId.ToString(), received.Headers["X-Webhook-Id"]);
        Assert.StartsWith("application/json", received.Headers["Content-Type"]);

        var body = JsonNode.Parse(received.Body)!.AsObject();
        Assert.Equal(eventId.ToString(), body["id"]!.GetValue<string>());
        Assert.Equal("mailboxReady", body["type"]!.GetValue<string>());
        Assert.NotNull(body["occurredAt"]);
        var data = body["data"]!;
        Assert.Equal(ready.MailboxId.ToString(), data["mailboxId"]!.GetValue<string>());
        Assert.Equal(ready.ProjectId.ToString(), data["projectId"]!.GetValue<string>());
        Assert.Equal(ready.SourceAddress, data["sourceAddress"]!.GetValue<string>());
        Assert.Equal(ready.DestinationUpn, data["destinationUpn"]!.GetValue<string>());
        Assert.Null(data["operatorId"]);

        var only = delivery[0]!;
        Assert.Equal(eventId.ToString(), only["eventId"]!.GetValue<string>());
        Assert.Equal("mailboxReady", only["eventType"]!.GetValue<string>());
        Assert.Null(only["nextTryAt"]);
        var attempt = Assert.Single(only["attempts"]!.AsArray());
        Assert.Equal(204, attempt!["statusCode"]!.GetValue<int>());

        // Nothing more arrives for the redelivered or unwanted events.
        await Task.Delay(TimeSpan.FromSeconds(2), Cancel);
        Assert.Single(receiver.All);
    }

    [Fact]
    public async Task A_password_changed_at_the_real_imap_server_reaches_the_subscriber_as_passwordChanged()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (_, key) = await platform.CreateOperatorAsync("Webhook password change");
        var secret = $"change-secret-{Guid.NewGuid():N}";
        await CreateAsync(key, new Uri(receiver.BaseUrl, "ok/changed"), ["passwordChanged"], secret);
        var projectId = await platform.CreateProjectAsync(key, $$"""
            { "name": "IMAP webhook project", "customer": { "name": "Contoso", "domain": "contoso.com" },
              "source": { "kind": "imap", "accessMethod": "password", "host": "{{platform.Dovecot.Host}}", "port": {{platform.Dovecot.Port}}, "useTls": false },
              "destination": { "tenantDomain": "contoso.onmicrosoft.com", "credentialMode": "manual" }, "migrationType": "dataOnly" }
            """);
        var user = $"hooked.{Guid.NewGuid().ToString("N")[..8]}@imap.example.test";
        await platform.Dovecot.AddUserAsync(user, "First-Passw0rd");
        var (mailboxId, _) = (await platform.AddMailboxesAsync(key, projectId, user)).Single();
        using (var put = await platform.PutCredentialAsync(key, projectId, mailboxId, "source", """{ "password": "First-Passw0rd" }"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
        }
        await platform.MailboxWhenAsync(key, projectId, mailboxId, m => m.Status("source") == "verified", "the first password verified", seconds: 60);

        await platform.Dovecot.ChangePasswordAsync(user, "Second-Passw0rd");
        using (var verify = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/mailboxes/{mailboxId}/verify", key))
        {
            Assert.Equal(HttpStatusCode.Accepted, verify.StatusCode);
        }

        var received = (await Eventually.WaitForAsync(() => Task.FromResult(receiver.At("/ok/changed")), r => r.Count >= 1, "the passwordChanged delivery", seconds: 60))[0];
        var body = JsonNode.Parse(received.Body)!;
        Assert.Equal("passwordChanged", body["type"]!.GetValue<string>());
        Assert.Equal(mailboxId, body["data"]!["mailboxId"]!.GetValue<string>());
        Assert.Equal(projectId, body["data"]!["projectId"]!.GetValue<string>());
        Assert.Null(body["data"]!["credentialReference"]);
        Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), received.Body)), received.Headers["X-Signature-256"]);
        var text = Encoding.UTF8.GetString(received.Body);
        Assert.DoesNotContain("Passw0rd", text);
    }

    [Fact]
    public async Task Two_notification_replicas_deliver_a_burst_of_events_once_per_subscriber_and_every_request_is_a_recorded_try()
    {
        // The fixture runs two replicas of the notification service: both consume the events and both send deliveries.
        const int Events = 120;
        await using var receiver = await WebhookReceiver.StartAsync();
        var (operatorId, key) = await platform.CreateOperatorAsync("Webhook replicas");
        var first = await CreateAsync(key, new Uri(receiver.BaseUrl, "ok/first"), ["mailboxReady"], $"first-secret-{Guid.NewGuid():N}");
        var second = await CreateAsync(key, new Uri(receiver.BaseUrl, "ok/second"), ["mailboxReady"], $"second-secret-{Guid.NewGuid():N}");
        var events = Enumerable.Range(0, Events).Select(_ => (NewId.NextGuid(), MailboxReadyFor(operatorId))).ToList();

        await platform.PublishAsync(events);
        // Each event a second time, as a redelivery would bring it.
        await platform.PublishAsync(events);

        var expected = events.Select(e => e.Item1.ToString()).Order().ToList();
        foreach (var (webhook, path) in new[] { (first, "/ok/first"), (second, "/ok/second") })
        {
            var deliveries = await DeliveriesWhenAsync(key, webhook,
                items => items.Count == Events && items.All(d => d!["status"]!.GetValue<string>() == "delivered"), "every delivery", seconds: 90, pageSize: 200);
            await Task.Delay(TimeSpan.FromSeconds(2), Cancel);

            // One delivery per event, although each event came twice.
            Assert.Equal(expected, deliveries.Select(d => d!["eventId"]!.GetValue<string>()).Order().ToList());
            // Every request the subscriber saw is a try the delivery records: a second request for an event only follows a
            // try that failed (a timeout on a loaded machine), never a second send of a try that succeeded.
            var requests = receiver.At(path).GroupBy(r => r.Headers["X-Webhook-Id"]).ToDictionary(g => g.Key, g => g.Count());
            foreach (var delivery in deliveries)
            {
                var eventId = delivery!["eventId"]!.GetValue<string>();
                var attempts = delivery["attempts"]!.AsArray();
                var tries = string.Join(", ", attempts.Select(a => $"{a!["statusCode"]}/{a["error"]}"));
                Assert.True(requests.GetValueOrDefault(eventId) == attempts.Count,
                    $"{path}: event {eventId} was received {requests.GetValueOrDefault(eventId)} times; its tries: {tries}");
                Assert.Single(attempts, a => a!["statusCode"]?.GetValue<int>() is >= 200 and < 300);
                Assert.Equal(204, attempts[^1]!["statusCode"]!.GetValue<int>());
            }
            Assert.Equal(expected, requests.Keys.Order().ToList());
        }
    }

    [Fact]
    public async Task A_receiver_that_fails_twice_gets_the_delivery_on_the_third_try()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (operatorId, key) = await platform.CreateOperatorAsync("Webhook retry");
        var webhook = await CreateAsync(key, new Uri(receiver.BaseUrl, "fail-twice/retry"), ["mailboxFailed"], $"retry-secret-{Guid.NewGuid():N}");

        var eventId = NewId.NextGuid();
        await platform.PublishAsync([(eventId, MailboxFailedFor(operatorId))]);

        var deliveries = await DeliveriesWhenAsync(key, webhook, items => items.Count == 1 && items[0]!["status"]!.GetValue<string>() == "delivered",
            "the delivery on the third try");
        var attempts = deliveries[0]!["attempts"]!.AsArray();
        Assert.Equal([503, 503, 204], attempts.Select(a => a!["statusCode"]!.GetValue<int>()));
        Assert.Equal([1, 2, 3], attempts.Select(a => a!["number"]!.GetValue<int>()));
        var times = attempts.Select(a => a!["at"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.True(times[2] - times[1] > times[1] - times[0] - TimeSpan.FromMilliseconds(300), $"the tries did not back off: {string.Join(", ", times)}");

        var received = receiver.At("/fail-twice/retry");
        Assert.Equal(3, received.Count);
        Assert.All(received, r => Assert.Equal(eventId.ToString(), r.Headers["X-Webhook-Id"]));
        Assert.All(received, r => Assert.Equal(received[0].Body, r.Body));
        Assert.All(received, r => Assert.Equal(received[0].Headers["X-Signature-256"], r.Headers["X-Signature-256"]));
    }

    [Fact]
    public async Task A_pending_try_shows_its_next_try_and_a_failure_its_status_code()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (operatorId, key) = await platform.CreateOperatorAsync("Webhook next try");
        var webhook = await CreateAsync(key, new Uri(receiver.BaseUrl, "fail-twice/next"), ["projectReady"], $"next-secret-{Guid.NewGuid():N}");
        await platform.PublishAsync([(NewId.NextGuid(), new ProjectReady
        {
            OperatorId = Guid.Parse(operatorId), ProjectId = Guid.NewGuid(), CorrelationId = Guid.NewGuid(), Mailboxes = 3, ReadyAt = DateTimeOffset.UtcNow,
        })]);
        var pending = await DeliveriesWhenAsync(key, webhook, items => items.Count == 1 && items[0]!["attempts"]!.AsArray().Count >= 1, "a first try");
        var first = pending[0]!;
        if (first["status"]!.GetValue<string>() == "pending")
        {
            Assert.True(first["nextTryAt"]!.GetValue<DateTimeOffset>() > first["attempts"]![0]!["at"]!.GetValue<DateTimeOffset>());
        }
        Assert.Equal(503, first["attempts"]![0]!["statusCode"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("https://10.0.0.1/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[::ffff:10.0.0.1]/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("https://100.64.0.1/hook")]
    [InlineData("https://0.0.0.0/hook")]
    [InlineData("http://[::1]:8080/hook")]
    [InlineData("https://192.168.1.10/hook")]
    [InlineData("https://user:password@127.0.0.1/hook")]
    [InlineData("ftp://127.0.0.1/hook")]
    [InlineData("/relative/hook")]
    [InlineData("https://127.0.0.1/ho\u0000ok")]
    public async Task A_url_that_is_not_allowed_is_refused_when_subscribing(string url)
    {
        var (_, key) = await platform.CreateOperatorAsync("Webhook refused");
        using var response = await platform.PostJsonAsync("/v1/webhooks", key,
            JsonSerializer.Serialize(new { url, events = new[] { "mailboxReady" }, secret = "a-long-enough-secret" }));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["url"]);
        using var list = await platform.GetAsync("/v1/webhooks", key);
        Assert.Equal(0, (await list.ReadJsonAsync())["total"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{ "url": "http://127.0.0.1:9/x", "events": [], "secret": "a-long-enough-secret" }""", "events")]
    [InlineData("""{ "url": "http://127.0.0.1:9/x", "events": ["mailboxready"], "secret": "a-long-enough-secret" }""", "events")]
    [InlineData("""{ "url": "http://127.0.0.1:9/x", "events": ["mailboxReady"], "secret": "short" }""", "secret")]
    [InlineData("""{ "url": "http://127.0.0.1:9/x", "events": ["mailboxReady"], "secret": "a-long-enough\u0000-secret" }""", "secret")]
    [InlineData("""{ "url": "http://127.0.0.1:9/x", "events": ["mailboxReady"] }""", "secret")]
    [InlineData("""{ "events": ["mailboxReady"], "secret": "a-long-enough-secret" }""", "url")]
    [InlineData("""{ "url": 5, "events": ["mailboxReady"], "secret": "a-long-enough-secret" }""", "$.url")]
    [InlineData("""{ "url": "http://127.0.0.1:9/x", "events": "mailboxReady", "secret": "a-long-enough-secret" }""", "$.events")]
    [InlineData("""{ "url": "http://127.0.0.1:9/x", """, "$")]
    public async Task Bad_subscription_bodies_are_400_problems(string json, string field)
    {
        var (_, key) = await platform.CreateOperatorAsync("Webhook bad body");
        using var response = await platform.PostJsonAsync("/v1/webhooks", key, json);
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().Any(e => e.Key.StartsWith(field, StringComparison.Ordinal)), problem.ToJsonString());
    }

    [Fact]
    public async Task A_target_refused_at_delivery_time_is_not_connected_and_the_try_says_why()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (operatorId, key) = await platform.CreateOperatorAsync("Webhook rebound");
        var webhook = await CreateAsync(key, new Uri(receiver.BaseUrl, "ok/rebound"), ["mailboxReady"], $"rebound-secret-{Guid.NewGuid():N}");
        // The target changes after the subscription was checked. Here it becomes [::1] (loopback, which the fixture does not
        // allow: only 127.0.0.0/8), so that a connection, were one made, would stay on this machine.
        await using (var db = await platform.OpenDatabaseAsync(ResourceNames.NotificationDatabase))
        {
            var rebound = $"http://[::1]:{receiver.BaseUrl.Port}/ok/rebound";
            Assert.Equal(1L, Convert.ToInt64(await db.ScalarAsync(
                $"WITH u AS (UPDATE webhook_subscriptions SET url = '{rebound}' WHERE id = '{webhook["id"]}' RETURNING 1) SELECT count(*) FROM u")));
        }
        await platform.PublishAsync([(NewId.NextGuid(), MailboxReadyFor(operatorId))]);

        var deliveries = await DeliveriesWhenAsync(key, webhook, items => items.Count == 1 && items[0]!["attempts"]!.AsArray().Count >= 2, "two refused tries");
        Assert.All(deliveries[0]!["attempts"]!.AsArray(), a =>
        {
            Assert.Equal("addressRefused", a!["error"]!.GetValue<string>());
            Assert.Null(a["statusCode"]);
        });
        Assert.Equal("pending", deliveries[0]!["status"]!.GetValue<string>());
        Assert.Empty(receiver.All);
        using var deleted = await platform.SendAsync(HttpMethod.Delete, $"/v1/webhooks/{webhook["id"]}", key);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Fact]
    public async Task Another_operators_webhook_is_404_and_not_listed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (_, ownerKey) = await platform.CreateOperatorAsync("Webhook owner");
        var (_, otherKey) = await platform.CreateOperatorAsync("Webhook other");
        var webhook = await CreateAsync(ownerKey, new Uri(receiver.BaseUrl, "ok/owned"), ["projectReady"], $"owned-secret-{Guid.NewGuid():N}");
        var id = webhook["id"]!.GetValue<string>();

        using (var list = await platform.GetAsync("/v1/webhooks", otherKey))
        {
            var page = await list.ReadJsonAsync();
            Assert.Equal(0, page["total"]!.GetValue<int>());
            Assert.Empty(page["items"]!.AsArray());
        }
        using (var deliveries = await platform.GetAsync($"/v1/webhooks/{id}/deliveries", otherKey))
        {
            await deliveries.AssertProblemAsync(HttpStatusCode.NotFound);
        }
        using (var delete = await platform.SendAsync(HttpMethod.Delete, $"/v1/webhooks/{id}", otherKey))
        {
            await delete.AssertProblemAsync(HttpStatusCode.NotFound);
        }
        using (var list = await platform.GetAsync("/v1/webhooks", ownerKey))
        {
            var page = await list.ReadJsonAsync();
            Assert.Equal(id, Assert.Single(page["items"]!.AsArray())!["id"]!.GetValue<string>());
        }
        using (var paging = await platform.GetAsync($"/v1/webhooks/{id}/deliveries?page=0&pageSize=5000", ownerKey))
        {
            var problem = await paging.AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.NotNull(problem["errors"]!["page"]);
        }
        using (var delete = await platform.SendAsync(HttpMethod.Delete, $"/v1/webhooks/{id}", ownerKey))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }
        using (var again = await platform.SendAsync(HttpMethod.Delete, $"/v1/webhooks/{id}", ownerKey))
        {
            await again.AssertProblemAsync(HttpStatusCode.NotFound);
        }
        using (var anonymous = await platform.SendAsync(HttpMethod.Get, "/v1/webhooks", apiKey: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
    }

    [Fact]
    public async Task A_secret_canary_appears_in_no_log_line_answer_delivery_or_stored_column()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var canary = $"Canary-{Guid.NewGuid():N}-WebhookSecret";
        var logLinesBefore = platform.Logs.Count;
        var (operatorId, key) = await platform.CreateOperatorAsync("Webhook canary");
        var answers = new List<string>();
        using (var created = await platform.PostJsonAsync("/v1/webhooks", key,
                   JsonSerializer.Serialize(new { url = new Uri(receiver.BaseUrl, "fail-twice/canary").AbsoluteUri, events = new[] { "mailboxFailed" }, secret = canary })))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            answers.Add(await created.Content.ReadAsStringAsync(Cancel));
        }
        // A refused subscription with the canary as its secret answers no echo of it either.
        using (var refused = await platform.PostJsonAsync("/v1/webhooks", key,
                   JsonSerializer.Serialize(new { url = "https://10.0.0.1/x", events = new[] { "nope" }, secret = canary })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            answers.Add(await refused.Content.ReadAsStringAsync(Cancel));
        }
        using (var malformed = await platform.PostJsonAsync("/v1/webhooks", key, $$"""{ "secret": "{{canary}}", "url": """))
        {
            answers.Add(await malformed.Content.ReadAsStringAsync(Cancel));
        }
        var webhook = JsonNode.Parse(answers[0])!.AsObject();
        await platform.PublishAsync([(NewId.NextGuid(), MailboxFailedFor(operatorId))]);
        var deliveries = await DeliveriesWhenAsync(key, webhook, items => items.Count == 1 && items[0]!["status"]!.GetValue<string>() == "delivered", "the delivery");
        answers.Add(deliveries.ToJsonString());
        using (var list = await platform.GetAsync("/v1/webhooks", key))
        {
            answers.Add(await list.Content.ReadAsStringAsync(Cancel));
        }

        Assert.All(answers, a => Assert.DoesNotContain(canary, a));
        Assert.All(receiver.All, r =>
        {
            Assert.DoesNotContain(canary, Encoding.UTF8.GetString(r.Body));
            Assert.DoesNotContain(r.Headers.Values, v => v.Contains(canary, StringComparison.Ordinal));
        });
        Assert.Equal(3, receiver.All.Count);
        Assert.DoesNotContain(platform.Logs.Lines.Skip(logLinesBefore), line => line.Contains(canary, StringComparison.Ordinal));
        await using var db = await platform.OpenDatabaseAsync(ResourceNames.NotificationDatabase);
        var stored = (byte[])(await db.ScalarAsync($"SELECT protected_secret FROM webhook_subscriptions WHERE id = '{webhook["id"]}'"))!;
        Assert.DoesNotContain(canary, Encoding.UTF8.GetString(stored));
        Assert.Equal(0L, Convert.ToInt64(await db.ScalarAsync(
            $"SELECT count(*) FROM webhook_deliveries WHERE position(convert_to('{canary}', 'UTF8') in body) > 0")));
    }

    [Fact]
    public async Task A_subscriber_that_hangs_does_not_delay_another_subscribers_delivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (operatorId, key) = await platform.CreateOperatorAsync("Webhook hang");
        var hanging = await CreateAsync(key, new Uri(receiver.BaseUrl, "hang/slow"), ["mailboxFailed"], $"hang-secret-{Guid.NewGuid():N}");
        var prompt = await CreateAsync(key, new Uri(receiver.BaseUrl, "ok/prompt"), ["mailboxReady"], $"prompt-secret-{Guid.NewGuid():N}");

        // More hanging deliveries than the worker has slots (the fixture gives it 6, and 2 per subscription).
        await platform.PublishAsync(Enumerable.Range(0, 8).Select(_ => (NewId.NextGuid(), MailboxFailedFor(operatorId))));
        await Eventually.WaitForAsync(() => Task.FromResult(receiver.HangingNow), n => n >= 2, "the hanging subscriber's tries");
        await platform.PublishAsync([(NewId.NextGuid(), MailboxReadyFor(operatorId))]);

        var delivered = await Eventually.WaitForAsync(() => Task.FromResult(receiver.At("/ok/prompt")), r => r.Count == 1, "the prompt subscriber's delivery");
        Assert.True(delivered[0].HangingAtArrival >= 1, "the prompt delivery came only after the hanging tries had ended");
        Assert.Equal(2, receiver.MaxHanging);

        // The hanging try ends at the timeout, recorded as such, and is tried again.
        var tries = await DeliveriesWhenAsync(key, hanging, items => items.Count == 8 && items.Any(d => d!["attempts"]!.AsArray().Count >= 1),
            "a timed-out try", seconds: 30);
        var timedOut = tries.First(d => d!["attempts"]!.AsArray().Count >= 1)!;
        Assert.Equal("timeout", timedOut["attempts"]![0]!["error"]!.GetValue<string>());
        Assert.Equal("pending", timedOut["status"]!.GetValue<string>());
        foreach (var webhook in new[] { hanging, prompt })
        {
            using var deleted = await platform.SendAsync(HttpMethod.Delete, $"/v1/webhooks/{webhook["id"]}", key);
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }
    }

    [Fact]
    public async Task The_gateways_OpenAPI_document_describes_the_webhook_calls()
    {
        using var response = await platform.Gateway.GetAsync("/openapi/v1.json", Cancel);
        var paths = (await response.ReadJsonAsync())["paths"]!;
        Assert.NotNull(paths["/v1/webhooks"]!["post"]!["responses"]!["201"]);
        Assert.NotNull(paths["/v1/webhooks"]!["get"]);
        Assert.NotNull(paths["/v1/webhooks/{webhookId}"]!["delete"]!["responses"]!["204"]);
        Assert.NotNull(paths["/v1/webhooks/{webhookId}"]!["delete"]!["responses"]!["404"]);
        Assert.NotNull(paths["/v1/webhooks/{webhookId}/deliveries"]!["get"]!["responses"]!["200"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(ResourceNames.SourceAccess)]
    public async Task A_call_that_bypasses_the_gateway_with_a_forged_operator_gets_401(string? caller)
    {
        var (operatorId, key) = await platform.CreateOperatorAsync("Webhook bypass");
        using var direct = caller is null
            ? Aspire.Hosting.Testing.DistributedApplicationHostingTestingExtensions.CreateHttpClient(platform.App, ResourceNames.Notification, "http")
            : await platform.InternalClientAsync(ResourceNames.Notification, caller);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/webhooks")
        {
            Content = new StringContent("""{ "url": "http://127.0.0.1:9/planted", "events": ["mailboxReady"], "secret": "a-planted-secret-value" }""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(ServiceHeaders.OperatorId, operatorId);
        using var response = await direct.SendAsync(request, Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var list = await platform.GetAsync("/v1/webhooks", key);
        Assert.Equal(0, (await list.ReadJsonAsync())["total"]!.GetValue<int>());
    }

    private async Task<JsonObject> CreateAsync(string key, Uri url, string[] events, string secret)
    {
        using var response = await platform.PostJsonAsync("/v1/webhooks", key, JsonSerializer.Serialize(new { url = url.AbsoluteUri, events, secret }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal($"/v1/webhooks/{body["id"]}", response.Headers.Location?.OriginalString);
        Assert.Equal(url.AbsoluteUri, body["url"]!.GetValue<string>());
        return body;
    }

    private async Task<JsonArray> DeliveriesWhenAsync(string key, JsonObject webhook, Func<JsonArray, bool> done, string what, int seconds = 30,
        int pageSize = 10)
    {
        return await Eventually.WaitForAsync(async () =>
        {
            using var response = await platform.GetAsync($"/v1/webhooks/{webhook["id"]}/deliveries?page=1&pageSize={pageSize}", key);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.ReadJsonAsync())["items"]!.AsArray();
        }, done, what, seconds);
    }

    internal static MailboxReady MailboxReadyFor(string operatorId) => new()
    {
        OperatorId = Guid.Parse(operatorId),
        ProjectId = Guid.NewGuid(),
        MailboxId = Guid.NewGuid(),
        CorrelationId = Guid.NewGuid(),
        SourceAddress = "ready@contoso.com",
        DestinationUpn = "ready@contoso.onmicrosoft.com",
        ReadyAt = DateTimeOffset.UtcNow,
    };

    private static MailboxFailed MailboxFailedFor(string operatorId) => new()
    {
        OperatorId = Guid.Parse(operatorId),
        ProjectId = Guid.NewGuid(),
        MailboxId = Guid.NewGuid(),
        CorrelationId = Guid.NewGuid(),
        SourceAddress = "failed@contoso.com",
        DestinationUpn = "failed@contoso.onmicrosoft.com",
        Reason = "invalidPassword",
        FailedAt = DateTimeOffset.UtcNow,
    };
}
