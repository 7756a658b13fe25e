using FlowAuditor.Core.Diagnostics;

namespace FlowAuditor.Kubernetes.Watching;

/// <summary>
/// The texts to load (one per file: current or last good), the diagnostics of files held at their last good content,
/// and one identity per rejected input (file and content, so the same broken content is counted once).
/// </summary>
internal sealed record LastGoodSelection(IReadOnlyList<(string Source, string Text)> Inputs, IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<string> Rejected);
