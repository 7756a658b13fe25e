using FlowAuditor.Daemon;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FlowAuditor.Tests.Daemon;

/// <summary>
/// Options come from appsettings.json in the content root, then environment (<c>FLOWAUDITOR__...</c>), then flags,
/// each overriding the one before. The test output carries an appsettings.json (Daemon/appsettings.json) with values
/// harmless to the other tests.
/// </summary>
[Collection(EnvironmentVariables.Collection)]
public sealed class ConfigurationPrecedenceTests
{
    [Fact]
    public async Task Flags_override_environment_which_overrides_appsettings_json()
    {
        using var environment = new EnvironmentVariables(
            ("FLOWAUDITOR__MAXAGGREGATES", "40001"),
            ("FLOWAUDITOR__SUGGESTIONINTERVALSECONDS", "130"));
        await using var app = DaemonHost.Build(new Dictionary<string, string?>
        {
            ["FlowAuditor:SuggestionIntervalSeconds"] = "140",
            ["FlowAuditor:PoliciesDir"] = ThreeTierExample.Manifests,
        });

        var contentRoot = app.Services.GetRequiredService<IHostEnvironment>().ContentRootPath;
        Assert.True(File.Exists(Path.Combine(contentRoot, "appsettings.json")), $"the test runs with the output directory as content root, not {contentRoot}");
        var options = app.Services.GetRequiredService<IOptions<DaemonOptions>>().Value;
        Assert.Equal(100, options.RetentionHours);
        Assert.Equal(40001, options.MaxAggregates);
        Assert.Equal(140, options.SuggestionIntervalSeconds);
        Assert.Equal(ThreeTierExample.Manifests, options.PoliciesDir);
        Assert.Equal(new DaemonOptions().QueueCapacity, options.QueueCapacity);
    }
}
