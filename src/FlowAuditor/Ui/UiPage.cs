using System.Reflection;
using System.Text;

namespace FlowAuditor.Ui;

/// <summary>
/// The rollout page: one HTML document with its CSS and JS inlined from embedded resources (no CDN, no build step).
/// Without data it fetches the daemon's JSON API and polls; with data (<c>audit -o html</c>) it renders the embedded
/// audit report and needs no network at all.
/// </summary>
internal static class UiPage
{
    private const string CssSlot = "/*flowauditor:css*/";
    private const string JsSlot = "/*flowauditor:js*/";
    private const string DataSlot = "/*flowauditor:data*/";

    private static readonly Lazy<(string Html, string Css, string Js)> Assets = new(() =>
        (Resource("index.html"), Resource("app.css"), Resource("app.js")));

    /// <param name="embeddedData">The audit report JSON (<c>audit -o json</c>) to show offline, or null for the daemon.</param>
    public static string Render(string? embeddedData)
    {
        var (html, css, js) = Assets.Value;
        // Inside <script> only "</" can end the element early; "<\/" is the same JSON string.
        var data = embeddedData is null ? "null" : embeddedData.Replace("</", "<\\/", StringComparison.Ordinal);
        // The data goes in last, so nothing in it is ever taken for a slot.
        return html
            .Replace(CssSlot, css, StringComparison.Ordinal)
            .Replace(JsSlot, js, StringComparison.Ordinal)
            .Replace(DataSlot, data, StringComparison.Ordinal);
    }

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"FlowAuditor.Ui.{name}")
            ?? throw new InvalidOperationException($"embedded resource FlowAuditor.Ui.{name} is missing from the build");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
