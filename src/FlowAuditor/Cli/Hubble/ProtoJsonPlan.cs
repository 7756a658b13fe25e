using System.Collections.Concurrent;
using Google.Protobuf.Reflection;

namespace FlowAuditor.Cli.Hubble;

/// <summary>
/// What <see cref="ProtoJsonWriter"/> needs for one message type, built once: its fields in field-number order (the
/// formatter's order), each with its <c>"name": </c> prefix as UTF-8 and a delegate bound to its CLR property getter, so
/// reading a scalar neither boxes it nor goes through the reflection accessor.
/// </summary>
internal sealed class ProtoJsonPlan
{
    private static readonly ConcurrentDictionary<MessageDescriptor, ProtoJsonPlan> Plans = new();

    private ProtoJsonPlan(MessageDescriptor descriptor)
    {
        // Registered before the fields are built, so a recursive message type refers to this plan.
        Plans[descriptor] = this;
        Fields = [.. descriptor.Fields.InFieldNumberOrder().Select(f => new ProtoJsonField(f))];
    }

    public ProtoJsonField[] Fields { get; }

    public static ProtoJsonPlan Of(MessageDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        lock (Plans)
        {
            return Plans.TryGetValue(descriptor, out var plan) ? plan : new ProtoJsonPlan(descriptor);
        }
    }
}
