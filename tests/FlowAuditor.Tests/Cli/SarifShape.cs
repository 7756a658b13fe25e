using System.Text.Json;

namespace FlowAuditor.Tests.Cli;

/// <summary>
/// The properties the SARIF 2.1.0 JSON schema (sarif-schema-2.1.0.json) requires or constrains, for what lint writes:
/// sarifLog {version: "2.1.0", runs}, run {tool}, tool {driver}, toolComponent {name}, reportingDescriptor {id},
/// result {message}, message {text|id}, region.startLine &gt;= 1, result.level in its enum.
/// </summary>
internal static class SarifShape
{
    private static readonly string[] Levels = ["none", "note", "warning", "error"];

    public static void AssertValid(JsonElement log, int expectedResults)
    {
        Assert.Equal("2.1.0", log.GetProperty("version").GetString());
        var run = Assert.Single(log.GetProperty("runs").EnumerateArray());
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.False(string.IsNullOrEmpty(driver.GetProperty("name").GetString()));
        var ruleIds = driver.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToHashSet();
        Assert.All(driver.GetProperty("rules").EnumerateArray(), r => Assert.False(string.IsNullOrEmpty(r.GetProperty("shortDescription").GetProperty("text").GetString())));
        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(expectedResults, results.Count);
        foreach (var result in results)
        {
            Assert.False(string.IsNullOrEmpty(result.GetProperty("message").GetProperty("text").GetString()));
            Assert.Contains(result.GetProperty("ruleId").GetString(), ruleIds);
            Assert.Contains(result.GetProperty("level").GetString(), Levels);
            var physical = Assert.Single(result.GetProperty("locations").EnumerateArray()).GetProperty("physicalLocation");
            Assert.False(string.IsNullOrEmpty(physical.GetProperty("artifactLocation").GetProperty("uri").GetString()));
            Assert.True(physical.GetProperty("region").GetProperty("startLine").GetInt32() >= 1);
        }
    }
}
