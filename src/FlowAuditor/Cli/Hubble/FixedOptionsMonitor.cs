using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace FlowAuditor.Cli.Hubble;

/// <summary>Options that never change, for a library part built without a dependency-injection container.</summary>
internal sealed class FixedOptionsMonitor<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
