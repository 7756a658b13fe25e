namespace FlowAuditor.Daemon.State;

/// <summary>The state directory cannot be used (unwritable, not a directory, corrupt database): fatal at start.</summary>
internal sealed class StateStoreException : Exception
{
    public StateStoreException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
