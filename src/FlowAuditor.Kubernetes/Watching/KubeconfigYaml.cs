using k8s.KubeConfigModels;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FlowAuditor.Kubernetes.Watching;

/// <summary>
/// Reads a kubeconfig file into KubernetesClient's own <see cref="K8SConfiguration"/> from YamlDotNet's node tree,
/// for native AOT builds only. There the client's loader cannot run: <c>KubernetesYaml</c>'s type initializer
/// orders properties by <c>MetadataToken</c>, which native AOT does not keep ("There is no metadata token available
/// for the given member"), and YamlDotNet's static generator rejects the models' <c>dynamic</c> extension field.
/// The client still does everything after the read (context choice, TLS, tokens, exec plugins).
/// <c>KubeconfigYamlTests</c> checks that this reader and the client's agree on every field the client uses.
/// Not read, as the client never uses them: <c>preferences</c> and <c>extensions</c>.
/// </summary>
internal static class KubeconfigYaml
{
    /// <summary>
    /// As the client's <c>LoadKubeConfig(file)</c>: relative certificate and key paths resolve against the file's
    /// directory, and lists and maps the file leaves out are empty, as in the models' own defaults.
    /// </summary>
    /// <exception cref="YamlException">Not YAML, or a field of the wrong shape; the exception's start names the line and column.</exception>
    public static K8SConfiguration Load(FileInfo file)
    {
        using var reader = file.OpenText();
        var stream = new YamlStream();
        stream.Load(reader);
        var root = stream.Documents.Count == 0 ? new YamlMappingNode() : Mapping(stream.Documents[0].RootNode, "kubeconfig");
        return new K8SConfiguration
        {
            ApiVersion = Text(root, "apiVersion"),
            Kind = Text(root, "kind"),
            CurrentContext = Text(root, "current-context"),
            Clusters = List(root, "clusters", c => new Cluster { Name = Text(c, "name"), ClusterEndpoint = Object(c, "cluster", ClusterEndpointOf) }) ?? [],
            Users = List(root, "users", u => new User { Name = Text(u, "name"), UserCredentials = Object(u, "user", CredentialsOf) }) ?? [],
            Contexts = List(root, "contexts", c => new Context { Name = Text(c, "name"), ContextDetails = Object(c, "context", ContextDetailsOf) }) ?? [],
            FileName = file.FullName,
        };
    }

    private static ClusterEndpoint ClusterEndpointOf(YamlMappingNode c) => new()
    {
        Server = Text(c, "server"),
        CertificateAuthority = Text(c, "certificate-authority"),
        CertificateAuthorityData = Text(c, "certificate-authority-data"),
        TlsServerName = Text(c, "tls-server-name"),
        SkipTlsVerify = Flag(c, "insecure-skip-tls-verify"),
    };

    private static ContextDetails ContextDetailsOf(YamlMappingNode c) => new()
    {
        Cluster = Text(c, "cluster"),
        User = Text(c, "user"),
        Namespace = Text(c, "namespace"),
    };

    private static UserCredentials CredentialsOf(YamlMappingNode u) => new()
    {
        ClientCertificate = Text(u, "client-certificate"),
        ClientCertificateData = Text(u, "client-certificate-data"),
        ClientKey = Text(u, "client-key"),
        ClientKeyData = Text(u, "client-key-data"),
        Token = Text(u, "token"),
        Impersonate = Text(u, "as"),
        ImpersonateGroups = List(u, "as-groups", ScalarText) ?? [],
        ImpersonateUserExtra = Map(u, "as-user-extra") ?? [],
        UserName = Text(u, "username"),
        Password = Text(u, "password"),
        AuthProvider = Object(u, "auth-provider", a => new AuthProvider { Name = Text(a, "name"), Config = Map(a, "config") }),
        ExternalExecution = Object(u, "exec", ExecOf),
    };

    private static ExternalExecution ExecOf(YamlMappingNode e) => new()
    {
        ApiVersion = Text(e, "apiVersion"),
        Command = Text(e, "command"),
        Arguments = List(e, "args", ScalarText),
        EnvironmentVariables = List(e, "env", Map),
        InstallHint = Text(e, "installHint"),
        ProvideClusterInfo = Flag(e, "provideClusterInfo"),
    };

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && !IsNull(value) ? value : null;

    // YAML's null (`key:`, `~`, `null`) reads as absent, as the client's deserializer does.
    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static string? Text(YamlMappingNode node, string key) => Child(node, key) switch
    {
        null => null,
        YamlScalarNode scalar => scalar.Value,
        var other => throw Shape(other, key, "a string"),
    };

    private static string ScalarText(YamlNode node) =>
        node is YamlScalarNode scalar ? scalar.Value ?? string.Empty : throw Shape(node, "item", "a string");

    private static bool Flag(YamlMappingNode node, string key) => Text(node, key) switch
    {
        null => false,
        var text when bool.TryParse(text, out var value) => value,
        _ => throw Shape(Child(node, key)!, key, "true or false"),
    };

    private static T? Object<T>(YamlMappingNode node, string key, Func<YamlMappingNode, T> read)
        where T : class =>
        Child(node, key) is { } child ? read(Mapping(child, key)) : null;

    private static List<T>? List<T>(YamlMappingNode node, string key, Func<YamlMappingNode, T> read) =>
        List(node, key, item => read(Mapping(item, key)));

    private static List<T>? List<T>(YamlMappingNode node, string key, Func<YamlNode, T> read) => Child(node, key) switch
    {
        null => null,
        YamlSequenceNode sequence => [.. sequence.Children.Select(read)],
        var other => throw Shape(other, key, "a list"),
    };

    private static Dictionary<string, string>? Map(YamlMappingNode node, string key) =>
        Child(node, key) is { } child ? Map(child) : null;

    private static Dictionary<string, string> Map(YamlNode node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Mapping(node, "map").Children)
        {
            map[ScalarText(key)] = ScalarText(value);
        }

        return map;
    }

    private static YamlMappingNode Mapping(YamlNode node, string key) =>
        node as YamlMappingNode ?? throw Shape(node, key, "a mapping");

    private static YamlException Shape(YamlNode node, string key, string expected) =>
        new(node.Start, node.End, $"{key}: expected {expected}");
}
