namespace FlowAuditor.Kubernetes.Manifests.Policies;

/// <summary>IANA service name syntax, which Kubernetes requires of named ports (<c>http</c>, <c>metrics-2</c>).</summary>
internal static class PortNameSyntax
{
    private const int MaxLength = 15;

    public static string? Error(string name)
    {
        if (name.Length is 0 or > MaxLength)
        {
            return "must be 1-15 characters";
        }

        if (!name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            return "must contain only lowercase letters, digits and '-'";
        }

        if (!name.Any(char.IsAsciiLetterLower))
        {
            return "must contain at least one letter";
        }

        return name.StartsWith('-') || name.EndsWith('-') || name.Contains("--", StringComparison.Ordinal)
            ? "must not begin or end with '-' or contain '--'"
            : null;
    }
}
