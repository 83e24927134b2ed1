using Beacon.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Beacon.Web.Tests.Storage;

/// <summary>The SQLite file the app made at start-up.</summary>
[Collection(SqliteCollection.Name)]
public sealed class SqliteFileTests(SqliteBeacon app)
{
    [Fact]
    public async Task The_file_is_in_write_ahead_logging_mode_after_start_up()
    {
        // A fresh connection of our own: the journal mode is stored in the file, not in the app's connections.
        await using var connection = new SqliteConnection($"Data Source={app.Database.SqlitePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }
}
