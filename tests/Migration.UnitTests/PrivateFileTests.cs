using Migration.Contracts;

namespace Migration.UnitTests;

/// <summary>Secret files are private from the moment they exist, not chmod-ed once written.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrivateFileTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _folder = Directory.CreateTempSubdirectory("private-file-tests").FullName;

    [Fact]
    public void A_new_secret_file_is_owner_only_before_anything_is_written_to_it()
    {
        var path = Path.Combine(_folder, "admin-key.secret");
        using (PrivateFile.CreateNew(path))
        {
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
            Assert.Equal(0, new FileInfo(path).Length);
        }
    }

    [Fact]
    public void Read_or_create_makes_the_secret_once_private_and_then_reads_it()
    {
        var path = Path.Combine(_folder, "postgres-password.secret");
        var first = PrivateFile.ReadOrCreate(path, () => "first", out var created);
        Assert.True(created);
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
        Assert.Equal("first", PrivateFile.ReadOrCreate(path, () => "second", out created));
        Assert.False(created);
        Assert.Equal("first", first);
    }

    [Fact]
    public void Replacing_a_file_that_was_readable_by_others_leaves_an_owner_only_file()
    {
        var path = Path.Combine(_folder, "rabbitmq.conf");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        PrivateFile.Replace(path, "default_pass = secret");
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
        Assert.Equal("default_pass = secret", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_folder));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
