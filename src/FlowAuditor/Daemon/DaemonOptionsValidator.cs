using Microsoft.Extensions.Options;

namespace FlowAuditor.Daemon;

/// <summary>Validates <see cref="DaemonOptions"/> at start; every failure names the setting and what is wrong.</summary>
internal sealed class DaemonOptionsValidator : IValidateOptions<DaemonOptions>
{
    public ValidateOptionsResult Validate(string? name, DaemonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.HubbleAddress))
        {
            errors.Add("--hubble-address (FlowAuditor:HubbleAddress) must be set");
        }
        else
        {
            try
            {
                HubbleSettings.From(options).Validate();
            }
            catch (ArgumentException e)
            {
                errors.Add($"Hubble connection: {e.Message}");
            }
        }

        foreach (var (flag, path) in new[] { ("--tls-ca-cert-files", options.TlsCaFile), ("--tls-client-cert-file", options.TlsClientCertFile), ("--tls-client-key-file", options.TlsClientKeyFile), ("--kubeconfig", options.Kubeconfig) })
        {
            if (path is not null && !File.Exists(path))
            {
                errors.Add($"{flag}: file '{path}' does not exist");
            }
        }

        if ((options.TlsClientCertFile is null) != (options.TlsClientKeyFile is null))
        {
            errors.Add("--tls-client-cert-file and --tls-client-key-file go together (mTLS needs both)");
        }

        if (options.PoliciesDir is not null && !Directory.Exists(options.PoliciesDir))
        {
            errors.Add($"--policies-dir: directory '{options.PoliciesDir}' does not exist");
        }

        if (options.StagedDir is not null && !Directory.Exists(options.StagedDir))
        {
            errors.Add($"--staged-dir: directory '{options.StagedDir}' does not exist");
        }

        if (!ListenAddress.TryParse(options.Listen, out _))
        {
            errors.Add($"--listen: '{options.Listen}' is not host:port");
        }

        if (options.CiliumVersion is { } version && !Core.Evaluation.CiliumVersion.TryParse(version, out _))
        {
            errors.Add($"--cilium-version: '{version}' is not a version (expected X.Y, e.g. 1.18)");
        }

        var agentProblems = new List<string>();
        options.ExplicitAgentOptions(agentProblems);
        errors.AddRange(agentProblems.Select(p => $"--{p}"));

        if (options.Since is { } since && !BackfillStart.TryParseSince(since, DateTimeOffset.UnixEpoch, out _))
        {
            errors.Add($"--since: '{since}' is neither a duration (90s, 15m, 1h30m) nor an RFC 3339 time");
        }

        Positive(errors, "QueueCapacity", options.QueueCapacity);
        Positive(errors, "MaxAggregates", options.MaxAggregates);
        Positive(errors, "MetricLabelCap", options.MetricLabelCap);
        Positive(errors, "ConnectionWindowSeconds", options.ConnectionWindowSeconds);
        Positive(errors, "FlushIntervalSeconds", options.FlushIntervalSeconds);
        Positive(errors, "RetentionHours", options.RetentionHours);
        Positive(errors, "EnforceQuietMinutes", options.EnforceQuietMinutes);
        Positive(errors, "SuggestionIntervalSeconds", options.SuggestionIntervalSeconds);
        Positive(errors, "QueueFullWaitSeconds", options.QueueFullWaitSeconds);
        if (options.ReportMaxAgeSeconds is < 0 or double.NaN)
        {
            errors.Add($"FlowAuditor:ReportMaxAgeSeconds must be 0 or more (got {options.ReportMaxAgeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(List<string> errors, string name, double value)
    {
        if (value <= 0 || double.IsNaN(value))
        {
            errors.Add($"FlowAuditor:{name} must be positive (got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
        }
    }
}
