using System.Net.Http.Headers;
using Azure.Core;
using Azure.Identity;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.AssignLicense;
using Migration.IntegrationTests.Peers;

namespace Migration.IntegrationTests;

/// <summary>
/// The Graph and Entra peers as a destination directory, driven by the real Microsoft Graph SDK and Azure.Identity's
/// client-credentials flow over https: users created, read, patched; Graph's refusals (ObjectConflict, password complexity,
/// usage location, no free seat) as the SDK's ODataError; the token's role and tenant checked; the write quotas' 429s.
/// Each test has its own tenant and app, so that they run beside any other test.
/// </summary>
public sealed class GraphProvisioningPeerTests(PlatformFixture platform) : IDisposable
{
    private const string E3 = "ENTERPRISEPACK";
    private const string ExchangeOnly = "EXCHANGESTANDARD";
    private static readonly Guid E3Id = Guid.Parse("6fd2c87f-b296-42f0-b197-1e91e994b900");
    private static readonly Guid ExchangeOnlyId = Guid.Parse("4b9405b0-7788-4568-add1-99614e613b69");

    private readonly GraphProvisioningPeerClient _directory = platform.Peers.GraphProvisioning;
    private readonly EntraPeerClient _entra = platform.Peers.Entra;
    private readonly string _tenant = Guid.NewGuid().ToString();
    private readonly string _domain = $"dest-{Guid.NewGuid():N}.test";
    private readonly string _clientId = Guid.NewGuid().ToString();
    private readonly string _secret = $"secret-{Guid.NewGuid():N}";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private async Task<GraphServiceClient> ProvisioningClientAsync(string[]? permissions = null, PeerTenantQuotas? quotas = null)
    {
        await _directory.PutTenantAsync(_tenant, new PeerTenantSpec([_domain], [new PeerSku(E3, 2), new PeerSku(ExchangeOnly, 0)], quotas));
        await _entra.RegisterAsync(new EntraApp(_clientId, _secret, permissions ?? ["User.ReadWrite.All", "LicenseAssignment.ReadWrite.All", "Organization.Read.All"],
            DisplayName: "Provisioning test app"));
        return GraphSdk.Client(platform.Peers, _tenant, _clientId, _secret);
    }

    private User NewUser(string alias, string password, string? usageLocation = null) => new()
    {
        AccountEnabled = true,
        DisplayName = $"User {alias}",
        GivenName = "User",
        Surname = alias,
        MailNickname = alias,
        UserPrincipalName = $"{alias}@{_domain}",
        UsageLocation = usageLocation,
        PasswordProfile = new PasswordProfile { Password = password, ForceChangePasswordNextSignIn = false },
    };

    [Fact]
    public async Task A_user_created_through_the_sdk_is_read_back_by_upn_by_id_and_by_filter_with_its_password()
    {
        var graph = await ProvisioningClientAsync();

        var created = await graph.Users.PostAsync(NewUser("ada", "Ada-Lovelace-1815", "GB"), cancellationToken: Cancellation);
        var byUpn = await graph.Users[$"ada@{_domain}"].GetAsync(cancellationToken: Cancellation);
        var byId = await graph.Users[created!.Id].GetAsync(r => r.QueryParameters.Select = ["id", "userPrincipalName", "usageLocation", "assignedLicenses"],
            cancellationToken: Cancellation);
        var filtered = await graph.Users.GetAsync(r => r.QueryParameters.Filter = $"userPrincipalName eq 'ada@{_domain}'", cancellationToken: Cancellation);

        Assert.False(string.IsNullOrEmpty(created.Id));
        Assert.Equal($"ada@{_domain}", created.UserPrincipalName);
        Assert.Equal(created.Id, byUpn!.Id);
        Assert.Equal("User ada", byUpn.DisplayName);
        Assert.Equal("GB", byId!.UsageLocation);
        Assert.Empty(byId.AssignedLicenses!);
        Assert.Equal(created.Id, Assert.Single(filtered!.Value!).Id);
        var stored = Assert.Single(await _directory.UsersAsync(_tenant));
        Assert.Equal((created.Id, "GB", false), (stored.Id, stored.UsageLocation, stored.ForceChangePasswordNextSignIn));
        Assert.True(await _directory.PasswordMatchesAsync(_tenant, $"ada@{_domain}", "Ada-Lovelace-1815"));
        Assert.False(await _directory.PasswordMatchesAsync(_tenant, $"ada@{_domain}", "Ada-Lovelace-1816"));
    }

    [Fact]
    public async Task An_unknown_user_is_Request_ResourceNotFound_and_a_filter_for_it_finds_nothing()
    {
        var graph = await ProvisioningClientAsync();

        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Users[$"nobody@{_domain}"].GetAsync(cancellationToken: Cancellation));
        var filtered = await graph.Users.GetAsync(r => r.QueryParameters.Filter = $"userPrincipalName eq 'nobody@{_domain}'", cancellationToken: Cancellation);

        Assert.Equal(404, error.ResponseStatusCode);
        Assert.Equal("Request_ResourceNotFound", error.Error!.Code);
        Assert.Empty(filtered!.Value!);
    }

    [Fact]
    public async Task A_deleted_user_is_gone_and_its_upn_can_be_created_again()
    {
        var graph = await ProvisioningClientAsync();
        var first = await graph.Users.PostAsync(NewUser("temp", "Temp-Pass-123"), cancellationToken: Cancellation);

        await graph.Users[first!.Id].DeleteAsync(cancellationToken: Cancellation);
        var gone = await Assert.ThrowsAsync<ODataError>(() => graph.Users[first.Id].GetAsync(cancellationToken: Cancellation));
        var second = await graph.Users.PostAsync(NewUser("temp", "Temp-Pass-456"), cancellationToken: Cancellation);

        Assert.Equal(404, gone.ResponseStatusCode);
        Assert.NotEqual(first.Id, second!.Id);
        Assert.Equal(second.Id, Assert.Single(await _directory.UsersAsync(_tenant)).Id);
    }

    [Fact]
    public async Task An_existing_upn_is_refused_with_ObjectConflict_and_no_second_account_exists()
    {
        var graph = await ProvisioningClientAsync();
        await graph.Users.PostAsync(NewUser("grace", "Grace-Hopper-1906"), cancellationToken: Cancellation);

        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Users.PostAsync(NewUser("grace", "Grace-Hopper-1907"), cancellationToken: Cancellation));

        Assert.Equal(400, error.ResponseStatusCode);
        Assert.Equal("Request_BadRequest", error.Error!.Code);
        Assert.Equal("Another object with the same value for property userPrincipalName already exists.", error.Error.Message);
        var detail = Assert.Single(error.Error.Details!);
        Assert.Equal(("ObjectConflict", "userPrincipalName"), (detail.Code, detail.Target));
        Assert.Single(await _directory.UsersAsync(_tenant));
        Assert.True(await _directory.PasswordMatchesAsync(_tenant, $"grace@{_domain}", "Grace-Hopper-1906"));
    }

    [Fact]
    public async Task A_password_below_Entras_complexity_is_refused_on_create_and_on_patch()
    {
        var graph = await ProvisioningClientAsync();

        var onCreate = await Assert.ThrowsAsync<ODataError>(() => graph.Users.PostAsync(NewUser("weak", "password"), cancellationToken: Cancellation));
        var user = await graph.Users.PostAsync(NewUser("strong", "Strong-Pass-1"), cancellationToken: Cancellation);
        var onPatch = await Assert.ThrowsAsync<ODataError>(() => graph.Users[user!.Id].PatchAsync(
            new User { PasswordProfile = new PasswordProfile { Password = "short1A", ForceChangePasswordNextSignIn = false } }, cancellationToken: Cancellation));

        foreach (var error in new[] { onCreate, onPatch })
        {
            Assert.Equal(400, error.ResponseStatusCode);
            Assert.Equal("Request_BadRequest", error.Error!.Code);
            Assert.Equal("The specified password does not comply with password complexity requirements. Please provide a different password.", error.Error.Message);
        }
        Assert.Equal($"strong@{_domain}", Assert.Single(await _directory.UsersAsync(_tenant)).UserPrincipalName);
        Assert.True(await _directory.PasswordMatchesAsync(_tenant, $"strong@{_domain}", "Strong-Pass-1"));
    }

    [Fact]
    public async Task A_patch_sets_an_existing_accounts_password_and_usage_location_and_answers_204()
    {
        var graph = await ProvisioningClientAsync();
        var existing = await _directory.AddUserAsync(_tenant, new PeerExistingUser($"linus@{_domain}", "Old-Password-1"));

        var answer = await graph.Users[$"linus@{_domain}"].PatchAsync(new User
        {
            UsageLocation = "FR",
            PasswordProfile = new PasswordProfile { Password = "New-Password-2", ForceChangePasswordNextSignIn = false },
        }, cancellationToken: Cancellation);

        Assert.Null(answer); // 204: the SDK has no user to give back
        var stored = Assert.Single(await _directory.UsersAsync(_tenant));
        Assert.Equal((existing.Id, "FR", 1, false), (stored.Id, stored.UsageLocation, stored.PasswordChanges, stored.ForceChangePasswordNextSignIn));
        Assert.True(await _directory.PasswordMatchesAsync(_tenant, existing.Id, "New-Password-2"));
    }

    [Fact]
    public async Task A_licence_needs_a_usage_location_and_a_free_seat_and_subscribedSkus_counts_the_seats()
    {
        var graph = await ProvisioningClientAsync();
        var user = await graph.Users.PostAsync(NewUser("ken", "Ken-Thompson-1943"), cancellationToken: Cancellation);
        AssignLicensePostRequestBody Assign(Guid sku) => new() { AddLicenses = [new AssignedLicense { SkuId = sku, DisabledPlans = [] }], RemoveLicenses = [] };

        var noLocation = await Assert.ThrowsAsync<ODataError>(() => graph.Users[user!.Id].AssignLicense.PostAsync(Assign(E3Id), cancellationToken: Cancellation));
        await graph.Users[user!.Id].PatchAsync(new User { UsageLocation = "US" }, cancellationToken: Cancellation);
        var noSeat = await Assert.ThrowsAsync<ODataError>(() => graph.Users[user.Id].AssignLicense.PostAsync(Assign(ExchangeOnlyId), cancellationToken: Cancellation));
        var licensed = await graph.Users[user.Id].AssignLicense.PostAsync(Assign(E3Id), cancellationToken: Cancellation);
        var again = await graph.Users[user.Id].AssignLicense.PostAsync(Assign(E3Id), cancellationToken: Cancellation);
        var skus = await graph.SubscribedSkus.GetAsync(cancellationToken: Cancellation);

        Assert.Equal((400, "Request_BadRequest", "License assignment cannot be done for user with invalid usage location."),
            (noLocation.ResponseStatusCode, noLocation.Error!.Code, noLocation.Error.Message));
        Assert.Equal((400, "Request_BadRequest", $"Subscription with SKU {ExchangeOnlyId} does not have any available licenses."),
            (noSeat.ResponseStatusCode, noSeat.Error!.Code, noSeat.Error.Message));
        Assert.Equal(user.Id, licensed!.Id);
        Assert.Equal(user.Id, again!.Id);
        var e3 = Assert.Single(skus!.Value!, s => s.SkuPartNumber == E3);
        Assert.Equal((E3Id, 2, 1), (e3.SkuId, e3.PrepaidUnits!.Enabled, e3.ConsumedUnits));
        var exchange = Assert.Single(skus.Value!, s => s.SkuPartNumber == ExchangeOnly);
        Assert.Equal((0, 0), (exchange.PrepaidUnits!.Enabled, exchange.ConsumedUnits));
        Assert.Equal([E3], Assert.Single(await _directory.UsersAsync(_tenant)).Licenses);
    }

    [Fact]
    public async Task The_last_seat_goes_to_one_user_only()
    {
        var graph = await ProvisioningClientAsync();
        var users = new List<string>();
        foreach (var alias in new[] { "u1", "u2", "u3" })
        {
            users.Add((await graph.Users.PostAsync(NewUser(alias, "Seat-Test-Pass-1", "US"), cancellationToken: Cancellation))!.Id!);
        }

        var outcomes = await Task.WhenAll(users.Select(async id =>
        {
            try
            {
                await graph.Users[id].AssignLicense.PostAsync(new AssignLicensePostRequestBody
                {
                    AddLicenses = [new AssignedLicense { SkuId = E3Id }],
                    RemoveLicenses = [],
                }, cancellationToken: Cancellation);
                return true;
            }
            catch (ODataError error) when (error.ResponseStatusCode == 400)
            {
                return false;
            }
        }));

        Assert.Equal(2, outcomes.Count(o => o));
        Assert.Equal(2, (await _directory.TenantAsync(_tenant)).Skus.Single(s => s.SkuPartNumber == E3).Consumed);
    }

    [Fact]
    public async Task A_token_without_a_directory_role_is_refused_with_Authorization_RequestDenied()
    {
        var graph = await ProvisioningClientAsync(permissions: ["Mail.Read"]);

        var create = await Assert.ThrowsAsync<ODataError>(() => graph.Users.PostAsync(NewUser("eve", "Eve-Password-1"), cancellationToken: Cancellation));
        var read = await Assert.ThrowsAsync<ODataError>(() => graph.SubscribedSkus.GetAsync(cancellationToken: Cancellation));

        Assert.Equal((403, "Authorization_RequestDenied"), (create.ResponseStatusCode, create.Error!.Code));
        Assert.Equal((403, "Authorization_RequestDenied"), (read.ResponseStatusCode, read.Error!.Code));
        Assert.Empty(await _directory.UsersAsync(_tenant));
    }

    [Fact]
    public async Task A_token_of_another_tenant_sees_none_of_this_tenants_users_and_a_single_tenant_app_gets_no_token_there()
    {
        var graph = await ProvisioningClientAsync();
        await graph.Users.PostAsync(NewUser("local", "Local-Pass-123"), cancellationToken: Cancellation);
        var otherTenant = Guid.NewGuid().ToString();
        var other = GraphSdk.Client(platform.Peers, otherTenant, _clientId, _secret);
        var singleTenantApp = Guid.NewGuid().ToString();
        await _entra.RegisterAsync(new EntraApp(singleTenantApp, "single-secret", ["User.ReadWrite.All"], TenantId: _tenant));

        var notFound = await Assert.ThrowsAsync<ODataError>(() => other.Users[$"local@{_domain}"].GetAsync(cancellationToken: Cancellation));
        var refused = await Assert.ThrowsAsync<AuthenticationFailedException>(() =>
            GraphSdk.Credential(platform.Peers, otherTenant, singleTenantApp, "single-secret").GetTokenAsync(new TokenRequestContext([GraphSdk.GraphScope]), Cancellation).AsTask());
        var allowed = await GraphSdk.Credential(platform.Peers, _tenant, singleTenantApp, "single-secret").GetTokenAsync(new TokenRequestContext([GraphSdk.GraphScope]), Cancellation);

        Assert.Equal((404, "Request_ResourceNotFound"), (notFound.ResponseStatusCode, notFound.Error!.Code));
        Assert.Contains("AADSTS700016", refused.InnerException?.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(allowed.Token));
    }

    [Fact]
    public async Task A_tenant_at_a_small_quota_answers_429_with_Retry_After_and_its_scope_and_admits_again_after_the_Retry_After()
    {
        // 3 writes per 300 s, 10 times faster: a bucket of 3 refilled with one write every 10 s (100 s in real time).
        await ProvisioningClientAsync(quotas: new PeerTenantQuotas(AppTenantWrites: 3, AppTenantPeriodSeconds: 300, TimeScale: 10));
        var token = await GraphSdk.Credential(platform.Peers, _tenant, _clientId, _secret).GetTokenAsync(new TokenRequestContext([GraphSdk.GraphScope]), Cancellation);
        using var http = platform.Peers.CreateClient();
        async Task<HttpResponseMessage> CreateAsync(string alias)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1.0/users")
            {
                Content = JsonContent.Create(new
                {
                    accountEnabled = true, displayName = alias, mailNickname = alias, userPrincipalName = $"{alias}@{_domain}",
                    passwordProfile = new { password = "Quota-Pass-123", forceChangePasswordNextSignIn = false },
                }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
            return await http.SendAsync(request, Cancellation);
        }

        var admitted = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await CreateAsync($"q{i}");
            admitted.Add(response.StatusCode);
        }
        using var throttled = await CreateAsync("q3");
        var body = await throttled.Content.ReadFromJsonAsync<JsonObject>(Cancellation);
        var retryAfter = throttled.Headers.RetryAfter?.Delta;
        await Task.Delay(TimeSpan.FromMilliseconds(400), Cancellation);
        using var tooSoon = await CreateAsync("q4");
        using var read = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"v1.0/users/q0@{_domain}")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token.Token) },
        }, Cancellation);
        await Task.Delay((tooSoon.Headers.RetryAfter?.Delta ?? TimeSpan.Zero) + TimeSpan.FromMilliseconds(50), Cancellation);
        using var afterRetry = await CreateAsync("q5");

        Assert.All(admitted, status => Assert.Equal(HttpStatusCode.Created, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.InRange(retryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        Assert.Equal($"Tenant_Application/Write/{_clientId}/{_tenant}", Assert.Single(throttled.Headers.GetValues("x-ms-throttle-scope")));
        Assert.Equal("TooManyRequests", body!["error"]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.TooManyRequests, tooSoon.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode); // reads are not writes
        Assert.Equal(HttpStatusCode.Created, afterRetry.StatusCode);
        var writes = (await _directory.RequestsAsync(_tenant)).Where(r => r.Write).ToList();
        Assert.Equal([201, 201, 201, 429, 429, 201], writes.Select(w => w.Status));
        Assert.Equal([false, false, false, false, true, false], writes.Select(w => w.BeforeRetryAfter));
        Assert.Equal($"Tenant_Application/Write/{_clientId}/{_tenant}", writes[3].ThrottleScope);
        Assert.Equal((int)retryAfter.Value.TotalSeconds, writes[3].RetryAfterSeconds);
        Assert.Equal(4, (await _directory.UsersAsync(_tenant)).Count);
    }

    public void Dispose()
    {
        _directory.Dispose();
        _entra.Dispose();
    }
}
