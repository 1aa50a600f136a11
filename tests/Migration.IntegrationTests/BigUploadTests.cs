using System.Net.Http.Headers;
using System.Text;
using Migration.Contracts;

namespace Migration.IntegrationTests;

/// <summary>Imports of the size partners run, bad rows by the million, slow clients and bodies past the limits.</summary>
public sealed class BigUploadTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_CSV_of_500000_mailboxes_is_accepted_through_the_gateway()
    {
        var (_, key) = await platform.CreateOperatorAsync("Big partner");
        var projectId = await platform.CreateProjectAsync(key);
        var csv = MailboxCsv(500_000);
        Assert.True(csv.Length > 75_000_000, $"the CSV has {csv.Length} bytes");

        using var gateway = LongClient();
        // With an Idempotency-Key, whose middleware reads the whole body before the import does: the upload limit holds there too.
        using var upload = Post($"/v1/projects/{projectId}/mailboxes", key, Csv(csv));
        upload.Headers.Add("Idempotency-Key", $"big-{projectId}");
        using var response = await gateway.SendAsync(upload, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.ReadJsonAsync();
        Assert.Equal(500_000, answer["added"]!.GetValue<int>());
        Assert.Equal(0, answer["rejectedCount"]!.GetValue<int>());
        using var list = await platform.GetAsync($"/v1/projects/{projectId}/mailboxes?page=500&pageSize=1000", key);
        Assert.Equal(500_000, (await list.ReadJsonAsync())["total"]!.GetValue<int>());

        // The vault learns of the mailboxes from events; waiting for them here keeps that work out of the tests after this one.
        await using var vault = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase);
        await Eventually.WaitForAsync(async () => (long)(await vault.ScalarAsync($"SELECT count(*) FROM mailboxes WHERE project_id = '{projectId}'"))!,
            known => known == 500_000, "the vault knowing the 500,000 mailboxes", seconds: 900);
    }

    [Fact]
    public async Task A_million_empty_rows_answer_the_first_thousand_and_the_count_in_a_small_answer()
    {
        var (_, key) = await platform.CreateOperatorAsync("Empty rows");
        var projectId = await platform.CreateProjectAsync(key);
        var csv = new StringBuilder("sourceAddress,destinationUpn\n", 2_100_000).Insert(29, ",\n", 1_000_000).ToString();

        using var gateway = LongClient();
        using var response = await gateway.SendAsync(Post($"/v1/projects/{projectId}/mailboxes", key, new StringContent(csv, Encoding.UTF8, "text/csv")), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(text.Length < 500_000, $"the answer has {text.Length} characters");
        var answer = JsonNode.Parse(text)!;
        Assert.Equal(0, answer["added"]!.GetValue<int>());
        Assert.Equal(1_000_000, answer["rejectedCount"]!.GetValue<int>());
        var rejected = answer["rejected"]!.AsArray();
        Assert.Equal(1000, rejected.Count);
        Assert.Equal(1000, rejected[^1]!["row"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_bulk_credentials_answer_lists_the_first_thousand_rejected_rows_and_counts_them_all()
    {
        var (_, key) = await platform.CreateOperatorAsync("Unknown addresses");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.DataOnlyPasswordProject);
        var user = $"known.{Guid.NewGuid().ToString("N")[..8]}@contoso.com";
        await platform.AddMailboxesAsync(key, projectId, user);
        var csv = new StringBuilder("sourceAddress,sourcePassword\n").Append($"{user},Known-pass-1\n");
        for (var i = 0; i < 1500; i++)
        {
            csv.Append($"nobody{i}@contoso.com,Some-pass-{i}\n");
        }
        using var response = await platform.PostCredentialsCsvAsync(key, projectId, csv.ToString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.ReadJsonAsync();
        Assert.Equal(1, answer["accepted"]!.GetValue<int>());
        Assert.Equal(1500, answer["rejectedCount"]!.GetValue<int>());
        Assert.Equal(1000, answer["rejected"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_slow_client_holds_no_database_transaction_while_its_upload_pauses()
    {
        var (_, key) = await platform.CreateOperatorAsync("Slow client");
        var projectId = await platform.CreateProjectAsync(key);
        var csv = MailboxCsv(4000);
        var split = csv.Length / 2;
        var paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        using var gateway = LongClient();
        var upload = gateway.SendAsync(Post($"/v1/projects/{projectId}/mailboxes", key,
            new PausingContent(csv[..split], csv[split..], paused, resume.Task)), Cancel);
        await paused.Task.WaitAsync(TimeSpan.FromMinutes(1), Cancel);
        await Task.Delay(TimeSpan.FromSeconds(3), Cancel);

        // The migrations database serves the migrations service only; none of its transactions lasts seconds on its own.
        await using (var database = await platform.OpenDatabaseAsync(ResourceNames.MigrationsDatabase))
        {
            for (var sample = 0; sample < 6; sample++)
            {
                var open = await database.ScalarAsync(
                    "SELECT string_agg(state || ': ' || left(query, 60), '; ') FROM pg_stat_activity " +
                    "WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start < now() - interval '2 seconds'");
                Assert.True(open is null, $"a transaction was open while the client paused: {open}");
                await Task.Delay(500, Cancel);
            }
        }
        resume.SetResult();
        using var response = await upload;
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(Cancel)}\n{string.Join("\n", platform.Logs.Lines.TakeLast(40))}");
        Assert.Equal(4000, (await response.ReadJsonAsync())["added"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_JSON_mailbox_body_takes_10000_mailboxes_and_one_past_its_16_MiB_cap_gets_413()
    {
        var (_, key) = await platform.CreateOperatorAsync("JSON mailboxes");
        var projectId = await platform.CreateProjectAsync(key);

        using var gateway = LongClient();
        using var tenThousand = await gateway.SendAsync(Post($"/v1/projects/{projectId}/mailboxes", key, MailboxJson(10_000, "ten")), Cancel);
        Assert.Equal(10_000, (await tenThousand.ReadJsonAsync())["added"]!.GetValue<int>());

        var tooLarge = MailboxJson(70_000, new string('x', 200));
        Assert.True(tooLarge.Headers.ContentLength > 16 * 1024 * 1024);
        using var tooLargeRequest = Post($"/v1/projects/{projectId}/mailboxes", key, tooLarge);
        tooLargeRequest.Headers.ExpectContinue = true;
        using var refused = await gateway.SendAsync(tooLargeRequest, Cancel);
        await refused.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        using var list = await platform.GetAsync($"/v1/projects/{projectId}/mailboxes", key);
        Assert.Equal(10_000, (await list.ReadJsonAsync())["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_migrations_service_itself_answers_an_oversized_upload_with_a_413_problem()
    {
        var (operatorId, key) = await platform.CreateOperatorAsync("Oversized");
        var projectId = await platform.CreateProjectAsync(key);
        using var inside = await platform.InternalClientAsync(ResourceNames.MigrationsService, ResourceNames.Gateway);
        // A long 100-continue wait: the service answers before the body is sent, whatever the machine's load.
        using var service = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(2) }) { BaseAddress = inside.BaseAddress };
        foreach (var header in inside.DefaultRequestHeaders)
        {
            service.DefaultRequestHeaders.TryAddWithoutValidation(header.Key, header.Value);
        }
        service.DefaultRequestHeaders.Add(ServiceHeaders.OperatorId, operatorId);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/projects/{projectId}/mailboxes") { Content = new DeclaredLengthContent(200L * 1024 * 1024) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        request.Headers.ExpectContinue = true;
        using var response = await service.SendAsync(request, Cancel);
        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains((128L * 1024 * 1024).ToString(), problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_OpenAPI_document_states_the_upload_limits_and_their_413()
    {
        using var document = await platform.Gateway.GetAsync("/openapi/v1.json", Cancel);
        var paths = (await document.ReadJsonAsync())["paths"]!;
        foreach (var (path, method, limit) in new[]
                 {
                     ("/v1/projects/{projectId}/mailboxes", "post", "128 MiB"),
                     ("/v1/projects/{projectId}/credentials", "post", "128 MiB"),
                     ("/v1/projects", "post", "1 MiB"),
                     ("/v1/projects/{projectId}/mailboxes/{mailboxId}/credentials/source", "put", "1 MiB"),
                 })
        {
            var operation = paths[path]![method]!;
            Assert.Contains(limit, operation["description"]!.GetValue<string>());
            Assert.NotNull(operation["responses"]!["413"]);
            Assert.NotNull(operation["requestBody"]!["content"]);
            // The body is bound by BindAsync: it must not show up as a parameter.
            Assert.DoesNotContain(operation["parameters"]?.AsArray() ?? [], p => p!["in"]!.GetValue<string>() is "query" or "header" && p["name"]!.GetValue<string>() is "body" or "upload");
        }
        Assert.Contains("16 MiB", paths["/v1/projects/{projectId}/mailboxes"]!["post"]!["description"]!.GetValue<string>());
    }

    /// <summary>A long 100-continue wait, so that a body refused before it is read is not sent (or cut off) whatever the machine's load.</summary>
    private HttpClient LongClient() => new(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(2) })
    {
        BaseAddress = platform.Gateway.BaseAddress,
        Timeout = TimeSpan.FromMinutes(10),
    };

    private static HttpRequestMessage Post(string path, string key, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    /// <summary>About 160 bytes a row, as a directory export with names has them.</summary>
    private static byte[] MailboxCsv(int rows)
    {
        using var bytes = new MemoryStream(rows * 170);
        using (var writer = new StreamWriter(bytes, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
        {
            writer.Write("sourceAddress,destinationUpn,displayName,firstName,lastName,passwordLastSet\n");
            for (var i = 0; i < rows; i++)
            {
                writer.Write($"firstname.lastname{i}@contoso-corporation.com,firstname.lastname{i}@contosocorporation.onmicrosoft.com,Firstname Lastname {i},Firstname,Lastname{i},2026-10-01\n");
            }
        }
        return bytes.ToArray();
    }

    private static ByteArrayContent Csv(byte[] csv)
    {
        var content = new ByteArrayContent(csv);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return content;
    }

    private static ByteArrayContent MailboxJson(int count, string displayName)
    {
        var json = new StringBuilder("{\"mailboxes\":[");
        for (var i = 0; i < count; i++)
        {
            json.Append(i == 0 ? "" : ",").Append($$"""{"sourceAddress":"user{{i}}@contoso.com","destinationUpn":"user{{i}}@contoso.onmicrosoft.com","displayName":"{{displayName}}"}""");
        }
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json.Append("]}").ToString()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>A chunked body sent in two halves, with a pause between them that the test ends.</summary>
    private sealed class PausingContent : HttpContent
    {
        private readonly byte[] _first;
        private readonly byte[] _rest;
        private readonly TaskCompletionSource _paused;
        private readonly Task _resume;

        public PausingContent(byte[] first, byte[] rest, TaskCompletionSource paused, Task resume)
        {
            (_first, _rest, _paused, _resume) = (first, rest, paused, resume);
            Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_first);
            await stream.FlushAsync();
            _paused.TrySetResult();
            await _resume;
            await stream.WriteAsync(_rest);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }

    /// <summary>A body that declares its length but is only written if the server asks for it (it should not).</summary>
    private sealed class DeclaredLengthContent(long length) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = Encoding.UTF8.GetBytes(new string('x', 64 * 1024));
            for (long written = 0; written < length; written += chunk.Length)
            {
                await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, length - written)));
            }
        }

        protected override bool TryComputeLength(out long length1)
        {
            length1 = length;
            return true;
        }
    }
}
