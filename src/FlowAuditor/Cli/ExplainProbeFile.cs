using System.Text.Json;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Cli;

/// <summary>
/// Reads <c>--probes FILE</c>: JSON lines <c>{"from":"x/a","to":"y/b","protocol":"TCP","port":80}</c> (protocol
/// optional, TCP by default; blank lines skipped). A bad line becomes an error naming the file and line; the other
/// lines are still read. With <paramref name="expectations"/> (<c>test --expect</c>) each line also needs
/// <c>"expect": "allow"|"deny"</c> and may have a <c>"name"</c>.
/// </summary>
internal static class ExplainProbeFile
{
    public static (List<ExplainProbe> Probes, List<string> Errors) Read(string path, string text, bool expectations = false)
    {
        var probes = new List<ExplainProbe>();
        var errors = new List<string>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (TryParse(line, expectations, out var probe, out var error))
            {
                probes.Add(probe with { Line = i + 1 });
            }
            else
            {
                errors.Add($"{path}:{i + 1}: error: {error}");
            }
        }

        return (probes, errors);
    }

    private static bool TryParse(string line, bool expectations, out ExplainProbe probe, out string error)
    {
        probe = new ExplainProbe(string.Empty, string.Empty, Protocol.TCP, 0);
        error = string.Empty;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "expected a JSON object";
                return false;
            }

            if (!TryString(root, "from", out var from) || !TryString(root, "to", out var to))
            {
                error = "\"from\" and \"to\" must be strings";
                return false;
            }

            var protocol = Protocol.TCP;
            if (root.TryGetProperty("protocol", out var p)
                && (p.ValueKind != JsonValueKind.String || !Protocols.TryParse(p.GetString(), out protocol) || !protocol.IsTransport()))
            {
                error = "\"protocol\" must be TCP, UDP or SCTP";
                return false;
            }

            if (!root.TryGetProperty("port", out var portElement) || portElement.ValueKind != JsonValueKind.Number || !portElement.TryGetInt32(out var port)
                || port < PortRange.MinPort || port > PortRange.MaxPort)
            {
                error = "\"port\" must be a number from 1 to 65535";
                return false;
            }

            probe = new ExplainProbe(from, to, protocol, port);
            if (!expectations)
            {
                return true;
            }

            if (!TryString(root, "expect", out var expect) || expect is not ("allow" or "deny"))
            {
                error = "\"expect\" must be \"allow\" or \"deny\"";
                return false;
            }

            probe = probe with { ExpectAllowed = expect == "allow", Name = TryString(root, "name", out var name) ? name : null };
            return true;
        }
        catch (JsonException e)
        {
            error = $"not a JSON object: {e.Message}";
            return false;
        }
    }

    private static bool TryString(JsonElement root, string name, out string value)
    {
        value = root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String ? element.GetString()! : string.Empty;
        return value.Length > 0;
    }
}
