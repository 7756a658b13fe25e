namespace FlowAuditor.Hubble.Capture.Direct;

/// <summary>
/// A sub-object of a capture line read once per distinct byte content (endpoints, policies and services repeat on
/// many lines), or the note that it must be left to the general parser: the same bytes decline the same way.
/// </summary>
internal sealed class Parsed<T>
    where T : class
{
    private Parsed(bool valid, T? value)
    {
        Valid = valid;
        Value = value;
    }

    public static Parsed<T> Declined { get; } = new(false, null);

    public bool Valid { get; }

    public T? Value { get; }

    public static Parsed<T> Of(T? value) => new(true, value);
}
