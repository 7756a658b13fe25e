using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace FlowAuditor.Kubernetes.Manifests.Yaml;

/// <summary>
/// Remembers where the last parsed event ended. Some YamlDotNet scanner failures (e.g. an unterminated flow sequence
/// at end of input) surface as exceptions without a position; this gives the error a line anyway.
/// </summary>
internal sealed class TrackingParser : IParser
{
    private readonly Parser _inner;

    public TrackingParser(TextReader input) => _inner = new Parser(input);

    public ParsingEvent? Current => _inner.Current;

    public Mark LastMark { get; private set; } = Mark.Empty;

    public bool MoveNext()
    {
        var moved = _inner.MoveNext();
        if (_inner.Current is { } current)
        {
            LastMark = current.End;
        }

        return moved;
    }
}
