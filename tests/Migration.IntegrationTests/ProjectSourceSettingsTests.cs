using Migration.Contracts;

namespace Migration.IntegrationTests;

/// <summary>
/// The project's source settings of issue 10 through the gateway: answered back with their defaults, refused outside
/// their range, and carried by ProjectCreated (to the source-access service, and into the vault's copy of the project).
/// </summary>
public sealed class ProjectSourceSettingsTests(PlatformFixture platform)
{
    [Fact]
    public async Task Concurrency_and_recheck_interval_are_kept_defaulted_bounded_and_announced_with_the_cutover_date()
    {
        var (_, key) = await platform.CreateOperatorAsync("Source settings");
        var given = await platform.CreateProjectAsync(key, """
            { "name": "Polite", "customer": { "name": "Contoso", "domain": "contoso.com" },
              "source": { "kind": "imap", "accessMethod": "password", "host": "imap.contoso.com", "port": 143, "useTls": false,
                          "maxConcurrency": 3, "recheckEveryHours": 6 },
              "destination": { "tenantDomain": "contoso.onmicrosoft.com" }, "migrationType": "dataOnly", "cutoverDate": "2027-03-01" }
            """);
        var project = await platform.ProjectAsync(key, given);
        Assert.Equal(3, project["source"]!["maxConcurrency"]!.GetValue<int>());
        Assert.Equal(6, project["source"]!["recheckEveryHours"]!.GetValue<int>());
        var defaulted = await platform.ProjectAsync(key, await platform.CreateProjectAsync(key, CredentialsApi.DataOnlyPasswordProject));
        Assert.Equal((8, 24), (defaulted["source"]!["maxConcurrency"]!.GetValue<int>(), defaulted["source"]!["recheckEveryHours"]!.GetValue<int>()));

        using (var tooMany = await platform.PostJsonAsync("/v1/projects", key, CredentialsApi.DataOnlyPasswordProject.Replace(
                   "\"host\": \"imap.contoso.com\"", "\"host\": \"imap.contoso.com\", \"maxConcurrency\": 65, \"recheckEveryHours\": 0")))
        {
            var errors = (await tooMany.AssertProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject();
            Assert.True(errors.ContainsKey("source.maxConcurrency") && errors.ContainsKey("source.recheckEveryHours"), errors.ToJsonString());
        }

        await using var migrations = await platform.OpenDatabaseAsync(ResourceNames.MigrationsDatabase);
        var created = (string)(await migrations.ScalarAsync(
            $"SELECT payload::text FROM outbox_messages WHERE message_type LIKE '%ProjectCreated%' AND payload::text LIKE '%{given}%'"))!;
        var source = System.Text.Json.Nodes.JsonNode.Parse(created)!["source"]!;
        Assert.Equal(("Imap", "imap.contoso.com", 143, false, 3, 6), (source["kind"]!.GetValue<string>(), source["host"]!.GetValue<string>(),
            source["port"]!.GetValue<int>(), source["useTls"]!.GetValue<bool>(), source["maxConcurrency"]!.GetValue<int>(), source["recheckEveryHours"]!.GetValue<int>()));
        Assert.Equal("2027-03-01", System.Text.Json.Nodes.JsonNode.Parse(created)!["cutoverDate"]!.GetValue<string>());
        await using var vault = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase);
        await Eventually.WaitForAsync(() => vault.ScalarAsync($"SELECT source_access_method FROM projects WHERE id = '{given}'"),
            method => method as string == "Password", "the vault's copy of the project with its access method");
    }
}
