namespace FlowAuditor.Tests.Daemon;

/// <summary>Runs the tests that change process environment variables without other tests in parallel.</summary>
[CollectionDefinition(EnvironmentVariables.Collection, DisableParallelization = true)]
public sealed class EnvironmentVariablesCollection;
