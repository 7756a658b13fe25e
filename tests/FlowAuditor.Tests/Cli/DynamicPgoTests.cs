using FlowAuditor.Cli;

namespace FlowAuditor.Tests.Cli;

/// <summary>
/// loadtest names the JIT setting it measured under, read as the runtime reads it: the environment (as the container
/// images set it) over the runtimeconfig (as the build sets it), on when neither says.
/// </summary>
public sealed class DynamicPgoTests
{
    [Theory]
    [InlineData("1", null, "dynamic PGO on (DOTNET_TieredPGO=1)")]
    [InlineData("0", true, "dynamic PGO off (DOTNET_TieredPGO=0)")]
    [InlineData(null, "false", "dynamic PGO off (runtimeconfig)")]
    [InlineData(null, true, "dynamic PGO on (runtimeconfig)")]
    [InlineData(null, null, "dynamic PGO on (the runtime's default)")]
    [InlineData("", "false", "dynamic PGO off (runtimeconfig)")]
    public void The_environment_overrides_the_runtimeconfig(string? environment, object? runtimeConfig, string expected)
    {
        var described = DynamicPgo.Describe(
            name => name == "DOTNET_TieredPGO" ? environment : null,
            name => name == "System.Runtime.TieredPGO" ? runtimeConfig : null);

        Assert.Equal(expected, described);
    }

    [Fact]
    public void The_older_COMPlus_name_counts_when_the_DOTNET_one_is_unset()
    {
        var described = DynamicPgo.Describe(name => name == "COMPlus_TieredPGO" ? "0" : null, _ => true);

        Assert.Equal("dynamic PGO off (COMPlus_TieredPGO=0)", described);
    }

    [Fact]
    public void A_native_build_has_no_jit_whatever_the_environment_says()
    {
        var described = DynamicPgo.Describe(jit: false, name => name == "DOTNET_TieredPGO" ? "1" : null, _ => true);

        Assert.Equal("none, native AOT code (no dynamic PGO, whatever DOTNET_TieredPGO says)", described);
    }
}
