using Migration.Dashboard.Components.Projects;

namespace Migration.UnitTests;

public sealed class DashboardProgressStreamTests
{
    [Fact]
    public async Task Reading_to_the_end_passes_every_byte_through_and_reports_the_whole_length_last()
    {
        var bytes = Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray();
        var reports = new List<long>();
        await using var stream = new ProgressStream(new MemoryStream(bytes), position =>
        {
            reports.Add(position);
            return Task.CompletedTask;
        });
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy, 4096, TestContext.Current.CancellationToken);

        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal(bytes.Length, reports[^1]);
        Assert.Equal(reports.Order(), reports);
        // Throttled: a 4 KB buffer read 74 times is not reported 74 times.
        Assert.InRange(reports.Count, 1, 10);
    }

    [Fact]
    public void It_cannot_be_read_synchronously_seeked_or_written()
    {
        using var stream = new ProgressStream(new MemoryStream([1, 2, 3]), _ => Task.CompletedTask);
        Assert.False(stream.CanSeek);
        Assert.False(stream.CanWrite);
        Assert.Throws<NotSupportedException>(() => stream.Read(new byte[3], 0, 3));
        Assert.Throws<NotSupportedException>(() => stream.Seek(0, SeekOrigin.Begin));
    }
}
