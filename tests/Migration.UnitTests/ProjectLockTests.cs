using Migration.CredentialReception.Data;

namespace Migration.UnitTests;

public sealed class ProjectLockTests
{
    [Fact]
    public void A_project_always_gets_the_same_key_and_projects_created_in_the_same_millisecond_get_different_ones()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => Guid.CreateVersion7(DateTimeOffset.UnixEpoch.AddYears(56))).ToList();

        Assert.All(ids, id => Assert.Equal(ProjectLock.Key(id), ProjectLock.Key(Guid.Parse(id.ToString()))));
        Assert.Equal(ids.Count, ids.Select(ProjectLock.Key).Distinct().Count());
    }
}
