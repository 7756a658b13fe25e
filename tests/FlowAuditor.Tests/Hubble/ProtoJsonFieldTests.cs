using FlowAuditor.Cli.Hubble;
using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Capture;
using Google.Protobuf;

namespace FlowAuditor.Tests.Hubble;

/// <summary>
/// The JSON writer's two ways of reading a field, the delegates bound to generated properties (the JIT build) and
/// Google.Protobuf's field accessors (a native AOT build, which cannot make the delegates' generic types), read the
/// same values from every field of every flow in the example capture.
/// </summary>
public sealed class ProtoJsonFieldTests
{
    [Fact]
    public async Task Accessor_reads_equal_compiled_reads_on_every_field_of_the_example()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Examples", "three-tier", "capture.jsonl");
        var fields = 0;
        await foreach (var record in new CaptureReader(new CaptureReaderOptions { Strict = true }).ReadAsync([path]))
        {
            fields += CompareAll(record);
        }

        // Each flow has dozens of fields (enums, wrappers, uint32s, nested endpoints): all of them were compared.
        Assert.True(fields > 10_000, $"only {fields} fields compared");
    }

    private static int CompareAll(IMessage message)
    {
        var compared = 0;
        foreach (var descriptor in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var compiled = new ProtoJsonField(descriptor, compiledGetters: true);
            var accessor = new ProtoJsonField(descriptor, compiledGetters: false);
            var value = compiled.Object(message);
            Assert.Equal(value, accessor.Object(message));
            Assert.Equal(compiled.Getter.DynamicInvoke(message), accessor.Getter.DynamicInvoke(message));
            compared++;
            if (!descriptor.IsRepeated && value is IMessage nested)
            {
                compared += CompareAll(nested);
            }
        }

        return compared;
    }
}
