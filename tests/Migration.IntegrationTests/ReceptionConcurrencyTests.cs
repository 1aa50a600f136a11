using System.Text;
using Migration.Contracts;

namespace Migration.IntegrationTests;

/// <summary>An end user who double-clicks, or two tabs on one link: one submission is stored, the others get a 4xx.</summary>
public sealed class ReceptionConcurrencyTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Simultaneous_submissions_on_one_link_store_one_password_and_answer_the_rest_with_400_never_500()
    {
        var (_, key) = await platform.CreateOperatorAsync("Double clicks");
        var projectId = await platform.CreateProjectAsync(key, """
            { "name": "Double clicks", "customer": { "name": "Contoso", "domain": "contoso.com" },
              "source": { "kind": "imap", "accessMethod": "password", "host": "imap.contoso.com" },
              "destination": { "tenantDomain": "contoso.onmicrosoft.com" }, "migrationType": "dataOnly" }
            """);
        var user = $"twice.{Guid.NewGuid().ToString("N")[..8]}@contoso.com";
        var (mailboxId, _) = (await platform.AddMailboxesAsync(key, projectId, user)).Single();
        using (var invite = await platform.InviteAsync(key, projectId))
        {
            Assert.Equal(HttpStatusCode.Accepted, invite.StatusCode);
        }
        var link = (await platform.WaitForEmailsAsync(1, user)).Single().ReceptionLink();
        var token = link[(link.LastIndexOf('/') + 1)..];

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => platform.Gateway.PostAsync($"/v1/reception/{token}",
            new StringContent($$"""{ "sourcePassword": "Attempt-{{i}}" }""", Encoding.UTF8, "application/json"), Cancel)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Accepted);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Accepted))
        {
            await refused.AssertProblemAsync(HttpStatusCode.BadRequest);
        }
        await using var vault = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase);
        await using var count = new Npgsql.NpgsqlCommand($"SELECT count(*) FROM credentials WHERE mailbox_id = '{mailboxId}'", vault);
        Assert.Equal(1L, (long)(await count.ExecuteScalarAsync(Cancel))!);
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }
}
