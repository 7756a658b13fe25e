using FlowAuditor.Core.Auditing;

namespace FlowAuditor.Daemon.State;

/// <summary>
/// Where the daemon's state persists (<see cref="ObservationStore"/>). An interface so tests can put a failing disk
/// under the real store; writes may throw what an I/O layer throws (SqliteException, IOException).
/// </summary>
internal interface IStateStore : IDisposable
{
    string Path { get; }

    /// <summary>Where a corrupt database found at open was moved, or null.</summary>
    string? CorruptMovedTo { get; }

    void Save(StateSnapshot snapshot, DateTimeOffset pruneBefore);

    IReadOnlyList<PersistedObservation> Load(DateTimeOffset notBefore);

    PersistedSummary? LoadSummary();

    IReadOnlyList<StoredNodePosition> LoadPosition();

    /// <summary>The connection windows open at the last flush (empty before the first, or in older state).</summary>
    IReadOnlyList<PersistedWindow> LoadWindows();
}
