using Migration.ProtocolPeers.Graph.Provisioning;

namespace Migration.UnitTests.ProtocolPeers;

public sealed class PasswordComplexityTests
{
    [Theory]
    [InlineData("Abcdef-1")]          // all four kinds, 8 characters
    [InlineData("abcdefg1!")]         // lower, digit, symbol
    [InlineData("ABCDEFG1!")]         // upper, digit, symbol
    [InlineData("Abcdefgh1")]         // lower, upper, digit
    [InlineData("Abcdefgh!")]         // lower, upper, symbol
    [InlineData("Correct Horse 9")]   // the space is a symbol
    public void Three_of_the_four_kinds_in_eight_to_256_allowed_characters_comply(string password) =>
        Assert.True(PasswordComplexity.Complies(password));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Abc-12")]            // too short
    [InlineData("Abcdef-")]           // 7 characters
    [InlineData("abcdefgh1")]         // two kinds
    [InlineData("ABCDEFGH!")]         // two kinds
    [InlineData("12345678!")]         // two kinds
    [InlineData("Abcdéfgh-1")]        // a character Entra does not allow
    [InlineData("Abcdefgh-1\u00A0")]  // a non-ASCII space
    public void Anything_else_does_not(string? password) =>
        Assert.False(PasswordComplexity.Complies(password));

    [Fact]
    public void The_length_limits_are_inclusive()
    {
        Assert.True(PasswordComplexity.Complies("Aa1" + new string('x', 253)));
        Assert.False(PasswordComplexity.Complies("Aa1" + new string('x', 254)));
    }
}
