using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace FlowAuditor.Cli.Hubble;

/// <summary>
/// One line per entry, as the simple console formatter writes with <c>SingleLine</c> (which cannot be set without its
/// options container): <c>warn: FlowAuditor.Hubble.Client.HubbleClient[4] Hubble stream broke (…); reconnecting in
/// 00:00:01</c>. An exception adds its type and message, not its stack trace: this is a command line's stderr.
/// </summary>
internal sealed class SingleLineConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "flowauditor-line";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        textWriter.Write(Level(logEntry.LogLevel));
        textWriter.Write(": ");
        textWriter.Write(logEntry.Category);
        textWriter.Write('[');
        textWriter.Write(logEntry.EventId.Id);
        textWriter.Write("] ");
        WriteOneLine(textWriter, message);
        if (logEntry.Exception is { } exception)
        {
            textWriter.Write(' ');
            textWriter.Write(exception.GetType().FullName);
            textWriter.Write(": ");
            WriteOneLine(textWriter, exception.Message);
        }

        textWriter.WriteLine();
    }

    // The simple formatter's level names.
    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => level.ToString(),
    };

    private static void WriteOneLine(TextWriter writer, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        writer.Write(text.ReplaceLineEndings(" "));
    }
}
