using Aspire.Hosting.Testing;
using Migration.Contracts;

namespace Migration.IntegrationTests;

public sealed record CaughtEmail(string Id, string To, string Subject, string Text, string Raw);

/// <summary>The emails smtp4dev caught, read back through its HTTP API.</summary>
public static class MailCatcher
{
    public static async Task<List<CaughtEmail>> EmailsToAsync(this PlatformFixture platform, params string[] recipients)
    {
        using var http = platform.App.CreateHttpClient(ResourceNames.MailCatcher, "http");
        var cancel = TestContext.Current.CancellationToken;
        var list = await http.GetFromJsonAsync<JsonObject>("/api/messages?pageSize=5000", cancel);
        var emails = new List<CaughtEmail>();
        foreach (var message in list!["results"]!.AsArray())
        {
            var to = message!["to"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
            var recipient = to.FirstOrDefault(t => recipients.Contains(t, StringComparer.OrdinalIgnoreCase));
            if (recipient is null)
            {
                continue;
            }
            var id = message["id"]!.GetValue<string>();
            emails.Add(new CaughtEmail(id, recipient, message["subject"]!.GetValue<string>(),
                await http.GetStringAsync($"/api/messages/{id}/plaintext", cancel),
                await http.GetStringAsync($"/api/messages/{id}/raw", cancel)));
        }
        return emails;
    }

    public static Task<List<CaughtEmail>> WaitForEmailsAsync(this PlatformFixture platform, int count, params string[] recipients) =>
        Eventually.WaitForAsync(() => platform.EmailsToAsync(recipients), emails => emails.Count >= count,
            $"{count} email(s) to {string.Join(", ", recipients)}");

    public static string ReceptionLink(this CaughtEmail email) =>
        System.Text.RegularExpressions.Regex.Match(email.Text, @"https?://\S+/reception/[A-Za-z0-9_-]{43}").Value is { Length: > 0 } link
            ? link
            : throw new Xunit.Sdk.XunitException($"No reception link in the email: {email.Text}");
}
