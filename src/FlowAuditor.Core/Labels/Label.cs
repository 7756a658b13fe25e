namespace FlowAuditor.Core.Labels;

/// <summary>
/// One Cilium identity label, <c>source:key=value</c> (e.g. <c>k8s:app=web</c>, <c>reserved:world</c>).
/// Kubernetes pod labels use source <c>k8s</c>; a selector key without a source matches any source.
/// </summary>
public readonly record struct Label(string Source, string Key, string Value)
{
    /// <summary>Parses <c>source:key=value</c>, <c>key=value</c> or <c>source:key</c> (value empty).</summary>
    public static Label Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        var keyPart = eq < 0 ? text : text[..eq];
        var value = eq < 0 ? string.Empty : text[(eq + 1)..];
        var (source, key) = LabelKey.Split(keyPart);
        return new Label(source, key, value);
    }

    public override string ToString() =>
        Value.Length == 0 ? $"{Source}:{Key}" : $"{Source}:{Key}={Value}";
}
