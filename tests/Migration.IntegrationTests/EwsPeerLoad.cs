namespace Migration.IntegrationTests;

/// <summary>The test collection of the classes that measure the EWS peer's concurrency or load it with many checks.</summary>
public static class EwsPeerLoad
{
    public const string Name = "EWS peer load";
}
