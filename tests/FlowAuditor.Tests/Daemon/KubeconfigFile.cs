namespace FlowAuditor.Tests.Daemon;

/// <summary>Writes a kubeconfig whose current context points at a (fake) API server, as a user's file would.</summary>
internal static class KubeconfigFile
{
    public static string Write(string directory, string serverUrl)
    {
        var path = Path.Combine(directory, "kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {serverUrl}
            users:
            - name: tester
              user:
                token: test-token
            contexts:
            - name: fake
              context:
                cluster: fake
                user: tester
            current-context: fake
            """);
        return path;
    }
}
