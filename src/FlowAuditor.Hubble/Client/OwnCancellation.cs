using Grpc.Core;

namespace FlowAuditor.Hubble.Client;

/// <summary>
/// Whether a failed read is our own cancellation. A call cancelled mid-read usually fails with StatusCode.Cancelled,
/// but when the HTTP/2 stream is torn down first the read fails with an IOException ("The request was aborted"),
/// which grpc-dotnet maps to Unavailable (grpc/grpc-dotnet#1214). Once our token is cancelled, any such failure is
/// the cancellation: a daemon stopping must not log it as a broken stream, nor a CLI interrupted by Ctrl-C print it.
/// </summary>
internal static class OwnCancellation
{
    public static bool Caused(Exception failure, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested && failure is RpcException or IOException or HttpRequestException;
}
