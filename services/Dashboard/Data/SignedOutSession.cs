namespace Migration.Dashboard.Data;

/// <summary>
/// A sign-in session ended by Sign out. Its cookie, wherever a copy of it is, and every page still open on it stop
/// working; the row is kept as long as such a cookie could otherwise still be valid (docs/decisions/0025).
/// </summary>
public sealed class SignedOutSession
{
    public required Guid SessionId { get; init; }
    public required DateTimeOffset SignedOutAt { get; init; }
}
