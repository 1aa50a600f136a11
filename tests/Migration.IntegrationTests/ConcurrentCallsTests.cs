using System.Text;
using Migration.Contracts;

namespace Migration.IntegrationTests;

/// <summary>Concurrent operator calls on one project are serialised or refused with 409, never a 5xx, and nobody is emailed twice.</summary>
public sealed class ConcurrentCallsTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Four_concurrent_invitation_calls_email_each_end_user_exactly_once()
    {
        var (_, key) = await platform.CreateOperatorAsync("Concurrent invitations");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.DataOnlyPasswordProject);
        var addresses = ConsistencyCalls.Addresses(40);
        await platform.ImportAsync(key, projectId, addresses);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/invitations", key)));

        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict, $"answered {(int)a.StatusCode}"));
        var accepted = answers.Where(a => a.StatusCode == HttpStatusCode.Accepted).ToList();
        Assert.NotEmpty(accepted);
        var counts = await Task.WhenAll(accepted.Select(a => a.ReadJsonAsync()));
        Assert.Equal(addresses.Length, counts.Sum(c => c["invited"]!.GetValue<int>()));
        Assert.Equal(0, counts.Sum(c => c["reminded"]!.GetValue<int>()));
        foreach (var refused in answers.Where(a => a.StatusCode == HttpStatusCode.Conflict))
        {
            await refused.AssertProblemAsync(HttpStatusCode.Conflict);
        }

        await platform.WaitForEmailsAsync(addresses.Length, addresses);
        await Task.Delay(TimeSpan.FromSeconds(3), Cancel); // time for a second email, had one been requested
        var emails = await platform.EmailsToAsync(addresses);
        Assert.All(addresses, a => Assert.Single(emails, e => string.Equals(e.To, a, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Simultaneous_bulk_uploads_and_single_entries_for_the_same_mailboxes_never_answer_5xx()
    {
        var (_, key) = await platform.CreateOperatorAsync("Racing credentials");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.PasswordProject);
        var addresses = ConsistencyCalls.Addresses(200);
        var mailboxes = await platform.ImportAsync(key, projectId, addresses);

        var bulk = Enumerable.Range(0, 3).Select(i => platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/credentials", key,
            ConsistencyCalls.Csv(ConsistencyCalls.CredentialsCsv(addresses, $"-{i}"))));
        var single = mailboxes.Take(30).Select(m => platform.PutSourceAsync(key, projectId, m.Id, $"Single-{m.Address}"));
        var answers = await Task.WhenAll(bulk.Concat(single));

        Assert.All(answers, a => Assert.True((int)a.StatusCode < 500, $"answered {(int)a.StatusCode}"));
        Assert.Contains(answers.Take(3), a => a.StatusCode == HttpStatusCode.OK);
        await using var vault = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase);
        var perMailbox = await vault.ScalarAsync(
            $"SELECT count(*) FROM credentials WHERE project_id = '{projectId}' AND kind = 'Source'");
        Assert.Equal(200L, perMailbox);
    }
}
