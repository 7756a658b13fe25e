using System.Runtime.CompilerServices;

namespace FlowAuditor.Cli;

/// <summary>
/// Whether the JIT runs dynamic PGO in this process, for <c>loadtest</c> to print beside its figures: the runtimeconfig
/// turns it off for the one-shot commands and the container images turn it on for the daemon (FlowAuditor.csproj,
/// Dockerfile), and the two settings measure differently. The runtime reads <c>DOTNET_TieredPGO</c> (or the older
/// <c>COMPlus_TieredPGO</c>) first, as a hexadecimal number, then <c>System.Runtime.TieredPGO</c> from the runtimeconfig,
/// and is on when neither is set (.NET 8 and later). A native AOT build has no JIT, and says so.
/// </summary>
internal static class DynamicPgo
{
    public static string Describe() => Describe(RuntimeFeature.IsDynamicCodeSupported, Environment.GetEnvironmentVariable, AppContext.GetData);

    internal static string Describe(Func<string, string?> environment, Func<string, object?> runtimeConfig) => Describe(jit: true, environment, runtimeConfig);

    internal static string Describe(bool jit, Func<string, string?> environment, Func<string, object?> runtimeConfig)
    {
        if (!jit)
        {
            return "none, native AOT code (no dynamic PGO, whatever DOTNET_TieredPGO says)";
        }

        foreach (var name in (ReadOnlySpan<string>)["DOTNET_TieredPGO", "COMPlus_TieredPGO"])
        {
            if (environment(name) is { Length: > 0 } value && int.TryParse(value, System.Globalization.NumberStyles.HexNumber, null, out var number))
            {
                return Line(number != 0, $"{name}={value}");
            }
        }

        return runtimeConfig("System.Runtime.TieredPGO") switch
        {
            bool on => Line(on, "runtimeconfig"),
            string text when bool.TryParse(text, out var on) => Line(on, "runtimeconfig"),
            _ => Line(on: true, "the runtime's default"),
        };
    }

    private static string Line(bool on, string source) => $"dynamic PGO {(on ? "on" : "off")} ({source})";
}
