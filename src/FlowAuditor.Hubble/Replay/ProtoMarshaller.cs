using Google.Protobuf;
using Grpc.Core;

namespace FlowAuditor.Hubble.Replay;

/// <summary>gRPC marshallers for generated messages, for methods bound by hand.</summary>
internal static class ProtoMarshaller
{
    public static Marshaller<T> For<T>(MessageParser<T> parser)
        where T : IMessage<T>, IBufferMessage =>
        new(
            static (message, context) =>
            {
                context.SetPayloadLength(message.CalculateSize());
                message.WriteTo(context.GetBufferWriter());
                context.Complete();
            },
            context => parser.ParseFrom(context.PayloadAsReadOnlySequence()));
}
