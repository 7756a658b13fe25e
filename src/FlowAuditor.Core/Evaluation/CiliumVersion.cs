using System.Globalization;

namespace FlowAuditor.Core.Evaluation;

/// <summary>
/// A Cilium minor version (<c>1.18</c>). Verdicts follow the code and defaults of that version; the versions modelled
/// are <see cref="Modelled"/>, and anything older or newer is decided as the nearest modelled one.
/// </summary>
public readonly record struct CiliumVersion(int Major, int Minor) : IComparable<CiliumVersion>
{
    public static readonly CiliumVersion V1_17 = new(1, 17);
    public static readonly CiliumVersion V1_18 = new(1, 18);
    public static readonly CiliumVersion V1_19 = new(1, 19);

    /// <summary>1.20 as Cilium main (1.20.0-dev / pre-releases) behaves; not released as stable yet.</summary>
    public static readonly CiliumVersion V1_20 = new(1, 20);

    public static readonly IReadOnlyList<CiliumVersion> Modelled = [V1_17, V1_18, V1_19, V1_20];

    /// <summary>The newest stable version modelled (1.20 exists only as pre-releases).</summary>
    public static readonly CiliumVersion Default = V1_19;

    /// <summary>
    /// Parses <c>1.18</c>, <c>v1.18.3</c>, or a version string as Hubble's ServerStatus reports it
    /// (<c>cilium v1.18.3+g4a7b…</c>, <c>hubble-relay v1.19.1+g…</c>, <c>1.20.0-dev</c>).
    /// </summary>
    public static bool TryParse(string? text, out CiliumVersion version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var token = word.TrimStart('v', 'V');
            var parts = token.Split('.');
            if (parts.Length >= 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
                && int.TryParse(LeadingDigits(parts[1]), NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
                && (parts.Length > 2 || LeadingDigits(parts[1]).Length == parts[1].Length))
            {
                version = new CiliumVersion(major, minor);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The Cilium version in Hubble's <c>ServerStatus.version</c>: <c>cilium v1.18.3+g…</c> from an agent,
    /// <c>hubble-relay v1.18.3+g…</c> from a relay (shipped with the same Cilium release). Other servers (the replay
    /// server, third-party implementations) say nothing about Cilium and give false.
    /// </summary>
    public static bool TryParseServerStatus(string? text, out CiliumVersion version)
    {
        version = default;
        var first = text?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return first is "cilium" or "hubble-relay" && TryParse(text, out version) && version.Major == 1;
    }

    /// <summary>The modelled version whose behaviour this one has (1.16 → 1.17, 1.21 → 1.20).</summary>
    public CiliumVersion Nearest()
    {
        var self = this;
        return self < Modelled[0] ? Modelled[0] : self > Modelled[^1] ? Modelled[^1] : Modelled.Last(v => v <= self);
    }

    public bool IsModelled => Modelled.Contains(this);

    public int CompareTo(CiliumVersion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(CiliumVersion a, CiliumVersion b) => a.CompareTo(b) < 0;

    public static bool operator >(CiliumVersion a, CiliumVersion b) => a.CompareTo(b) > 0;

    public static bool operator <=(CiliumVersion a, CiliumVersion b) => a.CompareTo(b) <= 0;

    public static bool operator >=(CiliumVersion a, CiliumVersion b) => a.CompareTo(b) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");

    private static string LeadingDigits(string text)
    {
        var n = 0;
        while (n < text.Length && char.IsAsciiDigit(text[n]))
        {
            n++;
        }

        return text[..n];
    }
}
