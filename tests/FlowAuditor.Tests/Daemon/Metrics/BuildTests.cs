using FlowAuditor.Daemon.Metrics;

namespace FlowAuditor.Tests.Daemon.Metrics;

public sealed class BuildTests
{
    [Theory]
    [InlineData("1.2.3+0123abcd", "1.2.3", "0123abcd")]
    [InlineData("1.2.3", "1.2.3", "unknown")]
    [InlineData("1.2.3+", "1.2.3+", "unknown")]
    public void The_commit_is_what_the_SDK_appends_after_plus_or_unknown(string informational, string version, string commit) =>
        Assert.Equal(new Build(version, commit), Build.Parse(informational));
}
