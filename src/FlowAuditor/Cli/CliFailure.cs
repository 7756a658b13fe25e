using System.Net.Sockets;
using FlowAuditor.Hubble.Capture;
using FlowAuditor.Hubble.Client;
using FlowAuditor.Hubble.Replay;
using Grpc.Core;

namespace FlowAuditor.Cli;

/// <summary>
/// Failures a user can cause (a missing or unreadable file, a bad address, a port in use, an unreachable server),
/// turned into one line naming the thing and the cause, for every command. Anything else is a bug and keeps its
/// stack trace for the report.
/// </summary>
internal static class CliFailure
{
    /// <summary>A user-caused failure at run time (the commands' documented exit code 1).</summary>
    public const int Failed = 1;

    /// <summary>An unexpected exception: a bug (EX_SOFTWARE).</summary>
    public const int InternalError = 70;

    /// <summary>An option error's message without .NET's "(Parameter 'X')" suffix (the message already names it).</summary>
    public static string WithoutParameter(Exception exception) =>
        exception is ArgumentException { ParamName: { } name } e ? e.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : exception.Message;

    public static string? Describe(Exception exception) => exception switch
    {
        FileNotFoundException e => $"'{e.FileName}': no such file",
        DirectoryNotFoundException e => e.Message,
        UnauthorizedAccessException e => e.Message,
        ListenAddressInUseException e => e.Message,
        CaptureFormatException e => e.Message,
        InvalidDataException e => $"not a valid gzip or capture file: {e.Message}",
        HubbleUnavailableException e => e.InnerException is RpcException rpc ? $"{e.Message}: {rpc.Status.Detail}" : e.Message,
        RpcException e => $"Hubble: {e.Status.StatusCode}: {e.Status.Detail}",
        HttpRequestException e => e.Message,
        SocketException e => e.Message,
        IOException e => e.Message,
        AggregateException { InnerExceptions.Count: 1 } e => Describe(e.InnerExceptions[0]),
        _ => null,
    };
}
