namespace FlowAuditor.Tests.Deploy;

/// <summary>The repository's deploy/ and docs/ files, copied next to the tests by the project file.</summary>
internal static class DeployFiles
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "deploy");

    public static string Kubernetes => Path.Combine(Root, "kubernetes");

    public static string PrometheusRule => Path.Combine(Kubernetes, "components", "monitoring", "prometheusrule.yaml");

    public static string Dashboard => Path.Combine(Root, "grafana", "flowauditor-dashboard.json");

    public static string DashboardConfigMap => Path.Combine(Kubernetes, "components", "monitoring", "dashboard-configmap.yaml");

    public static string Doc(string name) => Path.Combine(AppContext.BaseDirectory, "docs", name);

    public static string AlertTests => Path.Combine(AppContext.BaseDirectory, "Deploy", "alerts.test.yaml");
}
