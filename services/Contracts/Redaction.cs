namespace Migration.Contracts;

/// <summary>
/// What a record's ToString shows in place of a secret: whether there was one, never its value. Records holding secrets
/// override PrintMembers with it, because the compiler-written ToString prints every property and a record ends up in a
/// log line or an exception message by accident.
/// </summary>
public static class Redaction
{
    public const string Redacted = "[redacted]";

    public static string Of(string? secret) => secret is null ? "null" : Redacted;
}
