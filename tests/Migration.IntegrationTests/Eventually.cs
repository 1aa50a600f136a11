namespace Migration.IntegrationTests;

/// <summary>
/// Waits for what events make true a moment later, within a bound, and fails with what was last seen. The default bound
/// is generous: on a loaded two-CPU machine a chain of events takes many times what it takes on a quiet one.
/// </summary>
public static class Eventually
{
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{what} did not happen within {seconds} s; last seen: {value}");
            }
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
