namespace Migration.Contracts;

/// <summary>
/// Files that hold secrets, readable by their owner only (mode 0600) from the moment they exist: a file created with the
/// default mode and chmod-ed afterwards can be opened by anyone in between, and stays open for them after the chmod.
/// Shared by the AppHost (generated secrets, server configuration) and the vault (its local key file).
/// </summary>
public static class PrivateFile
{
    /// <summary>A new file (<see cref="FileMode.CreateNew"/>: an existing one is an <see cref="IOException"/>), mode 0600.</summary>
    public static FileStream CreateNew(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        return new FileStream(path, options);
    }

    /// <summary>
    /// Writes the text to a new private file beside <paramref name="path"/> and renames it over the old one, so that a
    /// reader never sees half a file, and a file once created with a wider mode is replaced rather than kept.
    /// </summary>
    public static void Replace(string path, string text)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var writer = new StreamWriter(CreateNew(temporary)))
            {
                writer.Write(text);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The file's text; created with <paramref name="create"/>'s text when it does not exist yet (also when two processes race).</summary>
    public static string ReadOrCreate(string path, Func<string> create, out bool created)
    {
        try
        {
            using (var writer = new StreamWriter(CreateNew(path)))
            {
                writer.Write(create());
            }
            created = true;
        }
        catch (IOException) when (File.Exists(path))
        {
            created = false;
        }
        return File.ReadAllText(path);
    }
}
