namespace FlowAuditor.Daemon.State;

/// <summary>Opens the state store of a directory (by default <see cref="ObservationStore.Open"/>; tests wrap it).</summary>
internal delegate IStateStore StateStoreOpener(string directory, DateTimeOffset now);
