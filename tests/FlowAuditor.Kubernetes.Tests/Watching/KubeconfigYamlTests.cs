using System.Text.Json;
using System.Text.Json.Serialization;
using FlowAuditor.Kubernetes.Tests.Support;
using FlowAuditor.Kubernetes.Watching;
using k8s;
using k8s.KubeConfigModels;
using YamlDotNet.Core;

namespace FlowAuditor.Kubernetes.Tests.Watching;

/// <summary>
/// The native AOT build reads kubeconfig files with <see cref="KubeconfigYaml"/> instead of the client's loader,
/// which cannot run there: both must read the same configuration from what kubectl, kind, minikube and cloud CLIs write.
/// </summary>
public sealed class KubeconfigYamlTests
{
    public static TheoryData<string> Kubeconfigs() => new(Texts);

    private static readonly string[] Texts =
    [
        // kind: embedded certificates.
        """
        apiVersion: v1
        kind: Config
        preferences: {}
        current-context: kind-kind
        clusters:
        - cluster:
            certificate-authority-data: Q0EK
            server: https://127.0.0.1:45231
          name: kind-kind
        contexts:
        - context:
            cluster: kind-kind
            user: kind-kind
          name: kind-kind
        users:
        - name: kind-kind
          user:
            client-certificate-data: Q0VSVAo=
            client-key-data: S0VZCg==
        """,
        // minikube: certificate files relative to the kubeconfig, extensions, a namespace.
        """
        apiVersion: v1
        kind: Config
        clusters:
        - cluster:
            certificate-authority: ca.crt
            extensions:
            - extension:
                last-update: Thu, 03 Dec 2026 10:00:00 UTC
                provider: minikube.sigs.k8s.io
                version: v1.37.0
              name: cluster_info
            server: https://192.168.49.2:8443
            tls-server-name: minikube
          name: minikube
        contexts:
        - context:
            cluster: minikube
            namespace: tenant-a
            user: minikube
          name: minikube
        current-context: minikube
        users:
        - name: minikube
          user:
            client-certificate: /home/u/.minikube/profiles/minikube/client.crt
            client-key: profiles/client.key
        """,
        // EKS: an exec credential plugin with arguments and environment.
        """
        apiVersion: v1
        kind: Config
        current-context: arn:aws:eks:eu-west-1:123:cluster/prod
        clusters:
        - name: arn:aws:eks:eu-west-1:123:cluster/prod
          cluster: {server: "https://ABC.gr7.eu-west-1.eks.amazonaws.com", certificate-authority-data: Q0EK}
        contexts:
        - name: arn:aws:eks:eu-west-1:123:cluster/prod
          context: {cluster: "arn:aws:eks:eu-west-1:123:cluster/prod", user: "arn:aws:eks:eu-west-1:123:cluster/prod"}
        users:
        - name: arn:aws:eks:eu-west-1:123:cluster/prod
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: aws
              args: [--region, eu-west-1, eks, get-token, --cluster-name, prod]
              env:
              - name: AWS_PROFILE
                value: prod
              interactiveMode: IfAvailable
              provideClusterInfo: false
        """,
        // Tokens, basic auth, impersonation, an auth provider, TLS verification off, nulls and a second context.
        """
        apiVersion: v1
        kind: Config
        current-context: admin
        clusters:
        - name: lab
          cluster:
            server: http://10.0.0.1:8080
            insecure-skip-tls-verify: true
        contexts:
        - name: admin
          context: {cluster: lab, user: admin, namespace: ~}
        - name: basic
          context: {cluster: lab, user: basic}
        users:
        - name: admin
          user:
            token: "abc.def"
            as: auditor
            as-groups: [system:auditors, readers]
            as-user-extra: {reason: audit}
        - name: basic
          user:
            username: u
            password: "p: w"
            auth-provider:
              name: oidc
              config: {client-id: fa, idp-issuer-url: "https://issuer"}
        - name: empty
          user: {}
        """,
        "apiVersion: v1\nkind: Config\n",
    ];

    [Theory]
    [MemberData(nameof(Kubeconfigs))]
    public void ReadsWhatTheClientReads(string text)
    {
        using var dir = new TempDirectory();
        var file = new FileInfo(dir.Write("config", text));

        var ours = KubeconfigYaml.Load(file);
        var clients = KubernetesClientConfiguration.LoadKubeConfig(file);

        Assert.Equal(Comparable(clients), Comparable(ours));
        Assert.Equal(file.FullName, ours.FileName);
    }

    [Fact]
    public void AClientConfigurationBuiltFromIt_MatchesTheClientsOwn()
    {
        using var dir = new TempDirectory();
        var file = new FileInfo(dir.Write("config", Texts[3]));

        var ours = KubernetesClientConfiguration.BuildConfigFromConfigObject(KubeconfigYaml.Load(file), "basic");
        var clients = KubernetesClientConfiguration.BuildConfigFromConfigFile(file.FullName, "basic");

        Assert.Equal((clients.Host, clients.Username, clients.Password, clients.SkipTlsVerify, clients.CurrentContext), (ours.Host, ours.Username, ours.Password, ours.SkipTlsVerify, ours.CurrentContext));
    }

    [Theory]
    [InlineData("clusters: {name: a}\n", 1, "clusters: expected a list")]
    [InlineData("clusters:\n- name: a\n  cluster: [x]\n", 3, "cluster: expected a mapping")]
    [InlineData("clusters:\n- name: a\n  cluster: {server: x, insecure-skip-tls-verify: maybe}\n", 3, "insecure-skip-tls-verify: expected true or false")]
    [InlineData("users:\n- name: a\n  user: {token: [a]}\n", 3, "token: expected a string")]
    public void AFieldOfTheWrongShape_IsAYamlErrorAtItsLine(string text, int line, string problem)
    {
        using var dir = new TempDirectory();
        var file = new FileInfo(dir.Write("config", text));

        var e = Assert.ThrowsAny<YamlException>(() => KubeconfigYaml.Load(file));

        Assert.Equal(line, e.Start.Line);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    // Everything the client reads, as JSON; extensions and preferences are informational and not read by either.
    private static string Comparable(K8SConfiguration config)
    {
        config.Extensions = null;
        config.Preferences = null;
        foreach (var cluster in config.Clusters ?? [])
        {
            cluster.ClusterEndpoint?.Extensions = null;
        }

        foreach (var context in config.Contexts ?? [])
        {
            context.Extensions = null;
            context.ContextDetails?.Extensions = null;
        }

        foreach (var user in config.Users ?? [])
        {
            user.UserCredentials?.Extensions = null;
        }

        return JsonSerializer.Serialize(config, ComparableJson);
    }

    private static readonly JsonSerializerOptions ComparableJson = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };
}
