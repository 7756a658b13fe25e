using FlowAuditor.Core.Auditing;
using FlowAuditor.Daemon.State;
using Microsoft.Data.Sqlite;

namespace FlowAuditor.Tests.Daemon;

/// <summary>
/// The real state store on a disk that can be made full: while <see cref="Full"/> is set, every write fails as SQLite
/// reports a full disk (SQLITE_FULL), before anything reaches the file.
/// </summary>
internal sealed class FailingDisk(IStateStore inner) : IStateStore
{
    private const int SqliteFull = 13;

    public volatile bool Full;

    public string Path => inner.Path;

    public string? CorruptMovedTo => inner.CorruptMovedTo;

    public void Save(StateSnapshot snapshot, DateTimeOffset pruneBefore)
    {
        if (Full)
        {
            throw new SqliteException("SQLite Error 13: 'database or disk is full'.", SqliteFull);
        }

        inner.Save(snapshot, pruneBefore);
    }

    public IReadOnlyList<PersistedObservation> Load(DateTimeOffset notBefore) => inner.Load(notBefore);

    public PersistedSummary? LoadSummary() => inner.LoadSummary();

    public IReadOnlyList<StoredNodePosition> LoadPosition() => inner.LoadPosition();

    public IReadOnlyList<PersistedWindow> LoadWindows() => inner.LoadWindows();

    public void Dispose() => inner.Dispose();
}
