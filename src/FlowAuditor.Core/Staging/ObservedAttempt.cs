using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Staging;

/// <summary>
/// Observed connection attempts of one source and destination identity, protocol and port: how many, and how many
/// of them Hubble reported denied (DROPPED by policy, or AUDIT: what enforcement would drop).
/// </summary>
public sealed class ObservedAttempt
{
    internal ObservedAttempt(Endpoint source, Endpoint destination, Protocol protocol, int port)
    {
        Source = source;
        Destination = destination;
        Protocol = protocol;
        Port = port;
    }

    /// <summary>The first attempt's source (enriched with workload and named ports as attributed).</summary>
    public Endpoint Source { get; }

    public Endpoint Destination { get; }

    public Protocol Protocol { get; }

    public int Port { get; }

    public long Attempts { get; private set; }

    /// <summary>Attempts with a DROPPED (policy) or AUDIT verdict at either end; never more than <see cref="Attempts"/>.</summary>
    public long Denied { get; private set; }

    internal void CountAttempt() => Attempts++;

    internal void CountDenied()
    {
        if (Denied < Attempts)
        {
            Denied++;
        }
    }

    /// <summary>For tests and restored state: an entry with given counts.</summary>
    public static ObservedAttempt Of(Endpoint source, Endpoint destination, Protocol protocol, int port, long attempts, long denied)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(attempts);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(denied, attempts);
        return new ObservedAttempt(source, destination, protocol, port) { Attempts = attempts, Denied = denied };
    }
}
