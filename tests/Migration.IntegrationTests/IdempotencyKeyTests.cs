using System.Text;
using Migration.Contracts;

namespace Migration.IntegrationTests;

/// <summary>A retry with the same Idempotency-Key answers the first answer again and does nothing twice (API.md).</summary>
public sealed class IdempotencyKeyTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_retried_import_answers_the_first_answer_and_adds_nothing_twice_and_a_reused_key_is_refused()
    {
        var (_, key) = await platform.CreateOperatorAsync("Retried imports");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.DataOnlyPasswordProject);
        var path = $"/v1/projects/{projectId}/mailboxes";
        var csv = ConsistencyCalls.MailboxCsv(ConsistencyCalls.Addresses(3));
        var json = $$"""{ "mailboxes": [ { "sourceAddress": "json.{{Guid.NewGuid():N}}@contoso.com", "destinationUpn": "json@contoso.onmicrosoft.com" } ] }""";

        var (first, retry) = await SendTwiceAsync(HttpMethod.Post, path, key, "import-1", () => ConsistencyCalls.Csv(csv));
        Assert.Equal(HttpStatusCode.OK, retry.Status);
        Assert.Equal(first, retry);
        Assert.Contains("\"added\":3", retry.Body);
        var (firstJson, retryJson) = await SendTwiceAsync(HttpMethod.Post, path, key, "import-2",
            () => new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(firstJson, retryJson);
        Assert.Contains("\"added\":1", retryJson.Body);
        using (var list = await platform.GetAsync($"{path}?pageSize=10", key))
        {
            Assert.Equal(4, (await list.ReadJsonAsync())["total"]!.GetValue<int>());
        }

        using var reused = await platform.SendWithKeyAsync(HttpMethod.Post, path, key, "import-1",
            () => ConsistencyCalls.Csv(ConsistencyCalls.MailboxCsv(ConsistencyCalls.Addresses(1))));
        await reused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        // Another operator's key of the same name is another key.
        var (_, otherKey) = await platform.CreateOperatorAsync("Same key name");
        using var other = await platform.SendWithKeyAsync(HttpMethod.Post, path, otherKey, "import-1", () => ConsistencyCalls.Csv(csv));
        await other.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_retried_invitation_call_answers_the_first_answer_and_emails_nobody_again()
    {
        var (_, key) = await platform.CreateOperatorAsync("Retried invitations");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.DataOnlyPasswordProject);
        var addresses = ConsistencyCalls.Addresses(3);
        await platform.ImportAsync(key, projectId, addresses);

        var (first, retry) = await SendTwiceAsync(HttpMethod.Post, $"/v1/projects/{projectId}/invitations", key, "invite-1", () => null);

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(first, retry);
        Assert.Contains("\"invited\":3", retry.Body);
        await platform.WaitForEmailsAsync(3, addresses);
        await Task.Delay(TimeSpan.FromSeconds(3), Cancel); // time for reminders, had the retry sent any
        Assert.Equal(3, (await platform.EmailsToAsync(addresses)).Count);
    }

    [Fact]
    public async Task A_retried_bulk_credentials_upload_answers_the_first_answer_and_stores_nothing_again()
    {
        var (_, key) = await platform.CreateOperatorAsync("Retried bulk credentials");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.PasswordProject);
        var addresses = ConsistencyCalls.Addresses(3);
        await platform.ImportAsync(key, projectId, addresses);
        var path = $"/v1/projects/{projectId}/credentials";
        var csv = ConsistencyCalls.CredentialsCsv(addresses);

        using (var first = await platform.SendWithKeyAsync(HttpMethod.Post, path, key, "bulk-1", () => ConsistencyCalls.Csv(csv)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        await using var vault = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase);
        var stored = $"SELECT string_agg(id::text, ',' ORDER BY id) FROM credentials WHERE project_id = '{projectId}'";
        var before = await vault.ScalarAsync(stored);

        using var retry = await platform.SendWithKeyAsync(HttpMethod.Post, path, key, "bulk-1", () => ConsistencyCalls.Csv(csv));

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(before, await vault.ScalarAsync(stored));
    }

    [Fact]
    public async Task Simultaneous_requests_with_one_key_run_once()
    {
        var (_, key) = await platform.CreateOperatorAsync("Simultaneous retries");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.DataOnlyPasswordProject);
        var path = $"/v1/projects/{projectId}/mailboxes";
        var csv = ConsistencyCalls.MailboxCsv(ConsistencyCalls.Addresses(2000));

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            platform.SendWithKeyAsync(HttpMethod.Post, path, key, "same-moment", () => ConsistencyCalls.Csv(csv))));

        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"answered {(int)a.StatusCode}"));
        foreach (var ok in answers.Where(a => a.StatusCode == HttpStatusCode.OK))
        {
            Assert.Contains("\"added\":2000", await ok.Content.ReadAsStringAsync(Cancel));
        }
        using var list = await platform.GetAsync($"{path}?pageSize=10", key);
        Assert.Equal(2000, (await list.ReadJsonAsync())["total"]!.GetValue<int>());
    }

    private sealed record Answer(HttpStatusCode Status, string? ContentType, string Body);

    private async Task<(Answer First, Answer Retry)> SendTwiceAsync(HttpMethod method, string path, string apiKey, string idempotencyKey, Func<HttpContent?> content)
    {
        using var first = await platform.SendWithKeyAsync(method, path, apiKey, idempotencyKey, content);
        using var retry = await platform.SendWithKeyAsync(method, path, apiKey, idempotencyKey, content);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        return (await ReadAsync(first), await ReadAsync(retry));
    }

    private static async Task<Answer> ReadAsync(HttpResponseMessage response) =>
        new(response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync(Cancel));
}
