namespace Migration.IntegrationTests;

public static class DatabaseQueries
{
    /// <summary>The first column of the first row, null for SQL NULL.</summary>
    public static async Task<object?> ScalarAsync(this Npgsql.NpgsqlConnection connection, string sql)
    {
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        return value is DBNull ? null : value;
    }
}
