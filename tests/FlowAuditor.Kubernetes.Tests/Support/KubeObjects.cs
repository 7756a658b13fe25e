namespace FlowAuditor.Kubernetes.Tests.Support;

/// <summary>JSON for the objects tests put into the fake API server, shaped as the real server returns them.</summary>
internal static class KubeObjects
{
    public static string Namespace(string name, string labels = "{}") =>
        $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{name}}}","labels":{{{labels}}}}}""";

    public static string Pod(string ns, string name, string app, string node, string ports = "[]") =>
        $$$"""
        {"apiVersion":"v1","kind":"Pod",
         "metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}","labels":{"app":"{{{app}}}"},"uid":"u-{{{name}}}",
                     "managedFields":[{"manager":"kubelet","operation":"Update"}]},
         "spec":{"nodeName":"{{{node}}}","containers":[{"name":"main","image":"img","ports":{{{ports}}}}]},
         "status":{"phase":"Running","podIP":"10.0.0.{{{name.Length}}}","conditions":[{"type":"Ready","status":"True"}]}}
        """;

    /// <summary>Denies all ingress to the namespace's pods.</summary>
    public static string DenyAllIngress(string ns, string name = "deny-all") =>
        $$$"""
        {"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy",
         "metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},
         "spec":{"podSelector":{},"policyTypes":["Ingress"]}}
        """;

    /// <summary>Allows <paramref name="fromApp"/> to reach <paramref name="toApp"/> on a TCP port (number or name).</summary>
    public static string AllowIngress(string ns, string name, string toApp, string fromApp, string port) =>
        $$$"""
        {"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy",
         "metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},
         "spec":{"podSelector":{"matchLabels":{"app":"{{{toApp}}}"}},"policyTypes":["Ingress"],
                 "ingress":[{"from":[{"podSelector":{"matchLabels":{"app":"{{{fromApp}}}"} } }],"ports":[{"protocol":"TCP","port":{{{port}}}}]}]}}
        """;
}
