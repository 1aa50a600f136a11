using Migration.Provisioning.Graph;

namespace Migration.UnitTests.Provisioning;

public sealed class AccountNamesTests
{
    [Theory]
    [InlineData("Ada Lovelace", "Ada", "Byron", "ada@contoso.test", "Ada Lovelace")]
    [InlineData(null, "Ada", "Lovelace", "ada@contoso.test", "Ada Lovelace")]
    [InlineData(" ", null, "Lovelace", "ada@contoso.test", "Lovelace")]
    [InlineData(null, null, null, "ada.l@contoso.test", "ada.l")]
    public void The_display_name_is_the_given_one_else_the_names_else_the_local_part(string? display, string? first, string? last, string upn, string expected)
    {
        Assert.Equal(expected, AccountNames.DisplayName(display, first, last, upn));
    }

    [Theory]
    [InlineData("ada.lovelace@contoso.test", "ada.lovelace")]
    [InlineData(".ada (admin)@contoso.test", "adaadmin")]
    [InlineData("josé@contoso.test", "jos")]
    [InlineData("ééé@contoso.test", "user")]
    [InlineData("o'brien+x@contoso.test", "o'brien+x")]
    public void The_mail_nickname_keeps_only_what_graph_allows(string upn, string expected)
    {
        Assert.Equal(expected, AccountNames.MailNickname(upn));
    }

    [Fact]
    public void The_mail_nickname_is_at_most_64_characters()
    {
        Assert.Equal(64, AccountNames.MailNickname(new string('a', 80) + "@contoso.test").Length);
    }
}
