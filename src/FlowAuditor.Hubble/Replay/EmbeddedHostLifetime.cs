using Microsoft.Extensions.Hosting;

namespace FlowAuditor.Hubble.Replay;

/// <summary>
/// The replay server is a component inside another program (the CLI, tests, the demo): it must not take over
/// Ctrl-C/SIGTERM the way an application's console lifetime does, or the owning program never hears them.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
