using FlowAuditor.Core.Flows;

namespace FlowAuditor.Daemon.State;

/// <summary>
/// A flow uuid in the resume overlap, by its <see cref="FlowUuidKey"/>, with the text kept for the state file only
/// when the key would not give it back (agents write canonical lowercase uuids, which it does).
/// </summary>
internal readonly record struct OverlapUuid(Guid Key, string? OwnText)
{
    /// <summary>The uuid as it is stored.</summary>
    public string Text => OwnText ?? Key.ToString();

    public static OverlapUuid? Of(FlowRecord flow) =>
        flow.UuidValue is { } value ? new OverlapUuid(value, null) : Of(flow.Uuid);

    public static OverlapUuid? Of(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var key = FlowUuidKey.Of(text);
        return new OverlapUuid(key, string.Equals(key.ToString(), text, StringComparison.Ordinal) ? null : text);
    }
}
