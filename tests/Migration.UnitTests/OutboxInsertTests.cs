using System.Text.RegularExpressions;
using Migration.Messaging;
using Npgsql;

namespace Migration.UnitTests;

public sealed partial class OutboxInsertTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(11, 2)]
    [InlineData(22, 3)]
    public void Each_event_row_refers_to_its_own_parameters_after_those_of_the_with_clause(int withParameters, int events)
    {
        var messages = Enumerable.Range(0, events).Select(i => new OutboxMessage
        {
            Id = Guid.CreateVersion7(),
            MessageType = $"Event{i}",
            Payload = $$"""{ "n": {{i}} }""",
            CorrelationId = Guid.CreateVersion7(),
            OccurredAt = DateTimeOffset.UnixEpoch.AddDays(i),
        }).ToList();
        var with = Enumerable.Range(0, withParameters).Select(i => (NpgsqlParameter)new NpgsqlParameter<int> { TypedValue = i }).ToArray();

        var command = Outbox.InsertCommand(messages, "WITH stored AS (SELECT 1)", "EXISTS (SELECT 1 FROM stored)", with);

        Assert.Equal(withParameters + 5 * events, command.Parameters.Count);
        var rows = RowPattern().Matches(command.CommandText).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(events, rows.Count);
        for (var i = 0; i < events; i++)
        {
            var numbers = Regex.Matches(rows[i], @"\$(\d+)").Select(m => int.Parse(m.Groups[1].Value)).ToList();
            Assert.Equal(Enumerable.Range(withParameters + 5 * i + 1, 5), numbers);
            Assert.Equal(messages[i].Id, command.Parameters[numbers[0] - 1].Value);
            Assert.Equal(messages[i].Payload, command.Parameters[numbers[2] - 1].Value);
            Assert.Equal(messages[i].OccurredAt, command.Parameters[numbers[4] - 1].Value);
        }
        Assert.StartsWith("WITH stored AS (SELECT 1)", command.CommandText.TrimStart());
        Assert.EndsWith("WHERE EXISTS (SELECT 1 FROM stored)", command.CommandText.TrimEnd());
    }

    [GeneratedRegex(@"(\(\$\d+, \$\d+, \$\d+, \$\d+, \$\d+, 0\))")]
    private static partial Regex RowPattern();
}
