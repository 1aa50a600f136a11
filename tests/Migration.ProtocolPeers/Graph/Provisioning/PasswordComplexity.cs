namespace Migration.ProtocolPeers.Graph.Provisioning;

/// <summary>
/// Entra ID's password rule for cloud users (Microsoft Entra password policies): 8 to 256 characters, only the allowed
/// characters (A–Z, a–z, 0–9, the listed symbols and the space; no other Unicode), and at least three of the four kinds
/// lowercase, uppercase, digits, symbols. Graph refuses any other with 400 Request_BadRequest.
/// </summary>
public static class PasswordComplexity
{
    public const int MinimumLength = 8;
    public const int MaximumLength = 256;
    private const string Symbols = "@#$%^&*-_!+=[]{}|\\:',.?/`~\"();<> ";

    public static bool Complies(string? password)
    {
        if (password is null || password.Length is < MinimumLength or > MaximumLength)
        {
            return false;
        }
        bool lower = false, upper = false, digit = false, symbol = false;
        foreach (var c in password)
        {
            switch (c)
            {
                case >= 'a' and <= 'z': lower = true; break;
                case >= 'A' and <= 'Z': upper = true; break;
                case >= '0' and <= '9': digit = true; break;
                case var s when Symbols.Contains(s): symbol = true; break;
                default: return false;
            }
        }
        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0) >= 3;
    }
}
