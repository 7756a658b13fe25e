namespace FlowAuditor.Hubble.Capture;

/// <summary>The two line shapes `hubble observe -o json` has printed over time.</summary>
internal enum CaptureShape
{
    /// <summary>A GetFlowsResponse (`{"flow":…,"node_name":…,"time":…}`), CLI ≥ 0.11 and the exporter.</summary>
    Response,

    /// <summary>A bare Flow: legacy `-o json` (CLI ≤ 0.10, HUBBLE_COMPAT=legacy-json-output) and jq projections.</summary>
    BareFlow,
}
