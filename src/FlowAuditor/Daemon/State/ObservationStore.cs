using System.Globalization;
using System.Text.Json;
using FlowAuditor.Core.Aggregation;
using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Auditing;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using Microsoft.Data.Sqlite;

namespace FlowAuditor.Daemon.State;

/// <summary>
/// Durable state in SQLite under the state directory: the aggregated observations, and in <c>meta</c> the summary
/// counters and the stream position. WAL journaling and one transaction per flush, so a crash mid-write leaves the
/// previous flush intact and the parts always agree. Rows older than the retention window are pruned.
/// </summary>
internal sealed class ObservationStore : IStateStore
{
    public const string FileName = "flowauditor.db";
    private const int SchemaVersion = 1;

    // SQLite's primary result codes for a damaged file and for a file that is not a database at all.
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    private readonly SqliteConnection _connection;

    private ObservationStore(SqliteConnection connection, string? corruptMovedTo)
    {
        _connection = connection;
        CorruptMovedTo = corruptMovedTo;
    }

    public string Path => _connection.DataSource;

    public string? CorruptMovedTo { get; }

    /// <summary>
    /// Opens (creating if needed) the store. A corrupt database is moved aside (<c>flowauditor.db.corrupt-&lt;time&gt;</c>)
    /// and a fresh one started; a directory that cannot be created or written throws <see cref="StateStoreException"/>.
    /// </summary>
    public static ObservationStore Open(string directory, DateTimeOffset now)
    {
        var file = System.IO.Path.Combine(directory, FileName);
        try
        {
            Directory.CreateDirectory(directory);
            try
            {
                return new ObservationStore(Connect(file), null);
            }
            catch (SqliteException e) when (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
            {
                var aside = $"{file}.corrupt-{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
                SqliteConnection.ClearAllPools();
                File.Move(file, aside, overwrite: true);
                foreach (var suffix in new[] { "-wal", "-shm" })
                {
                    // The journal belongs to the damaged file; replaying it into a fresh one would be wrong.
                    if (File.Exists(file + suffix))
                    {
                        File.Move(file + suffix, aside + suffix, overwrite: true);
                    }
                }

                return new ObservationStore(Connect(file), aside);
            }
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new StateStoreException($"cannot use state directory '{directory}': {e.Message}", e);
        }
    }

    private static SqliteConnection Connect(string file)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, "PRAGMA synchronous=NORMAL;");
            Execute(connection, """
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS observations (
                    direction TEXT NOT NULL, namespace TEXT NOT NULL, subject TEXT NOT NULL,
                    peer_kind TEXT NOT NULL, peer TEXT NOT NULL, protocol TEXT NOT NULL, port INTEGER NOT NULL,
                    subject_endpoint TEXT NOT NULL, peer_endpoint TEXT NOT NULL,
                    dropped INTEGER NOT NULL, audited INTEGER NOT NULL, forwarded INTEGER NOT NULL, predicted INTEGER NOT NULL,
                    first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, sample_uuid TEXT, peer_addresses TEXT NOT NULL,
                    PRIMARY KEY (direction, namespace, subject, peer_kind, peer, protocol, port));
                """);
            AddOutcomeColumn(connection);
            Execute(connection, $"INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', '{SchemaVersion}');");

            // Damage the header check misses (a torn page, overwritten content) shows here rather than mid-flush.
            using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA quick_check;";
            if (check.ExecuteScalar() as string is not "ok" and var problem)
            {
                throw new SqliteException($"database disk image is malformed: {problem}", SqliteCorrupt);
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Writes the observations, the summary and the stream position in one transaction.</summary>
    public void Save(StateSnapshot snapshot, DateTimeOffset pruneBefore)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var observations = snapshot.Observations;
        using var transaction = _connection.BeginTransaction();
        SetMeta(transaction, "summary", JsonSerializer.Serialize(snapshot.Summary, StateJson.Default.PersistedSummary));
        SetMeta(transaction, "position", JsonSerializer.Serialize(snapshot.Position, StateJson.Default.IReadOnlyListStoredNodePosition));
        SetMeta(transaction, "windows", JsonSerializer.Serialize(snapshot.Windows, StateJson.Default.IReadOnlyListPersistedWindow));
        using (var upsert = _connection.CreateCommand())
        {
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO observations VALUES ($d, $ns, $s, $pk, $p, $proto, $port, $se, $pe, $dropped, $audited, $forwarded, $predicted, $first, $last, $uuid, $addr, $outcome, $rev)
                ON CONFLICT DO UPDATE SET subject_endpoint=$se, peer_endpoint=$pe, dropped=$dropped, audited=$audited, forwarded=$forwarded, predicted=$predicted,
                    first_seen=$first, last_seen=$last, sample_uuid=$uuid, peer_addresses=$addr, outcome=$outcome, policy_revision=$rev;
                """;
            var parameters = new[] { "$d", "$ns", "$s", "$pk", "$p", "$proto", "$port", "$se", "$pe", "$dropped", "$audited", "$forwarded", "$predicted", "$first", "$last", "$uuid", "$addr", "$outcome", "$rev" }
                .Select(name => upsert.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
            foreach (var o in observations.Where(o => o.LastSeen >= pruneBefore))
            {
                object?[] values =
                [
                    o.Key.Direction.ToString(), o.Key.Namespace, o.Key.Subject, o.Key.PeerKind.ToString(), o.Key.Peer, o.Key.Protocol.ToString(), o.Key.Port,
                    JsonSerializer.Serialize(o.Subject, StateJson.Default.EndpointData), JsonSerializer.Serialize(o.Peer, StateJson.Default.EndpointData),
                    o.Dropped, o.Audited, o.Forwarded, o.Predicted, o.FirstSeen.ToString("O", CultureInfo.InvariantCulture), o.LastSeen.ToString("O", CultureInfo.InvariantCulture),
                    o.SampleUuid, JsonSerializer.Serialize(o.PeerAddresses, StateJson.Default.IReadOnlyListString),
                    o.Outcome?.ToString(), o.PolicyRevision,
                ];
                for (var i = 0; i < values.Length; i++)
                {
                    parameters[i].Value = values[i] ?? DBNull.Value;
                }

                upsert.ExecuteNonQuery();
            }
        }

        using (var prune = _connection.CreateCommand())
        {
            prune.Transaction = transaction;
            prune.CommandText = "DELETE FROM observations WHERE last_seen < $before;";
            prune.Parameters.AddWithValue("$before", pruneBefore.ToString("O", CultureInfo.InvariantCulture));
            prune.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>Stored observations seen at or after <paramref name="notBefore"/>.</summary>
    public IReadOnlyList<PersistedObservation> Load(DateTimeOffset notBefore)
    {
        using var query = _connection.CreateCommand();
        query.CommandText = "SELECT * FROM observations WHERE last_seen >= $before ORDER BY namespace, subject, direction, peer, protocol, port;";
        query.Parameters.AddWithValue("$before", notBefore.ToString("O", CultureInfo.InvariantCulture));
        using var reader = query.ExecuteReader();
        var result = new List<PersistedObservation>();
        while (reader.Read())
        {
            var key = new AggregateKey(
                Enum.Parse<TrafficDirection>(reader.GetString(0)),
                reader.GetString(1),
                reader.GetString(2),
                Enum.Parse<PeerKind>(reader.GetString(3)),
                reader.GetString(4),
                Enum.Parse<Protocol>(reader.GetString(5)),
                reader.GetInt32(6));
            result.Add(new PersistedObservation(
                key,
                JsonSerializer.Deserialize(reader.GetString(7), StateJson.Default.EndpointData)!,
                JsonSerializer.Deserialize(reader.GetString(8), StateJson.Default.EndpointData)!,
                reader.GetInt64(9),
                reader.GetInt64(10),
                reader.GetInt64(11),
                reader.GetInt64(12),
                DateTimeOffset.Parse(reader.GetString(13), CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(reader.GetString(14), CultureInfo.InvariantCulture),
                reader.IsDBNull(15) ? null : reader.GetString(15),
                JsonSerializer.Deserialize(reader.GetString(16), StateJson.Default.IReadOnlyListString) ?? [])
            {
                Outcome = !reader.IsDBNull(17) && Enum.TryParse<AttributionOutcome>(reader.GetString(17), out var outcome) ? outcome : null,
                PolicyRevision = reader.IsDBNull(18) ? 0 : reader.GetInt64(18),
            });
        }

        return result;
    }

    /// <summary>The stored summary counters, or null when none were stored yet.</summary>
    public PersistedSummary? LoadSummary() =>
        GetMeta("summary") is { } json ? JsonSerializer.Deserialize(json, StateJson.Default.PersistedSummary) : null;

    /// <summary>The stored stream position (empty before the first flush).</summary>
    public IReadOnlyList<StoredNodePosition> LoadPosition() =>
        GetMeta("position") is { } json ? JsonSerializer.Deserialize(json, StateJson.Default.IReadOnlyListStoredNodePosition) ?? [] : [];

    /// <summary>The connection windows open at the last flush (empty before the first, or in older state).</summary>
    public IReadOnlyList<PersistedWindow> LoadWindows() =>
        GetMeta("windows") is { } json ? JsonSerializer.Deserialize(json, StateJson.Default.IReadOnlyListPersistedWindow) ?? [] : [];

    public void Dispose() => _connection.Dispose();

    // State written before outcomes were kept has no such columns: its rows restore as before (outcome unknown).
    private static void AddOutcomeColumn(SqliteConnection connection)
    {
        using var columns = connection.CreateCommand();
        columns.CommandText = "SELECT COUNT(*) FROM pragma_table_info('observations') WHERE name = 'outcome';";
        if (Convert.ToInt64(columns.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            Execute(connection, "ALTER TABLE observations ADD COLUMN outcome TEXT; ALTER TABLE observations ADD COLUMN policy_revision INTEGER;");
        }
    }

    private void SetMeta(SqliteTransaction transaction, string key, string value)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO meta (key, value) VALUES ($k, $v) ON CONFLICT DO UPDATE SET value=$v;";
        command.Parameters.AddWithValue("$k", key);
        command.Parameters.AddWithValue("$v", value);
        command.ExecuteNonQuery();
    }

    private string? GetMeta(string key)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = $k;";
        command.Parameters.AddWithValue("$k", key);
        return command.ExecuteScalar() as string;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
