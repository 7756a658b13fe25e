using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace FlowAuditor.Kubernetes.Rendering;

/// <summary>
/// YAML for KubernetesClient model objects, with the settings <c>k8s.KubernetesYaml.Serialize</c> uses (camelCase, the
/// models' JSON property names, null fields left out, no aliases, int-or-string ports as their value, strings that
/// would read back as another type quoted), built for the model types reachable from one root type only.
/// <c>KubernetesYaml</c>'s static initializer reflects over every property of every model type in the library, three
/// times, on first use: measured 0.2–0.3 s and about 38 MiB of working set on a one-shot audit that renders one
/// NetworkPolicy. The same YamlDotNet serializer scoped to the dozen types a NetworkPolicy holds costs neither.
/// </summary>
internal sealed class KubernetesModelYaml
{
    private readonly ISerializer _serializer;

    private KubernetesModelYaml(ISerializer serializer) => _serializer = serializer;

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "KubernetesClient's models keep their properties and attributes in a trimmed build (their source-generated JSON metadata uses them); NativeBuildTests compares that build's suggestion YAML with this one's.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "KubernetesClient's models keep their properties and attributes in a trimmed build (their source-generated JSON metadata uses them); NativeBuildTests compares that build's suggestion YAML with this one's.")]
    public static KubernetesModelYaml For(Type root)
    {
        var builder = new SerializerBuilder()
            .DisableAliases()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .WithTypeConverter(new IntOrStringYamlConverter())
            .WithEventEmitter(next => new StringQuotingEmitter(next))
            .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull);
        foreach (var type in ModelTypesReachableFrom(root))
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                // The models name their fields by JsonPropertyName (FromProperty is "from", NamespaceProperty "namespace").
                if (property.GetCustomAttribute<JsonPropertyNameAttribute>() is { } json)
                {
                    builder.WithAttributeOverride(type, property.Name, new YamlMemberAttribute { Alias = json.Name, ApplyNamingConventions = false });
                }
            }
        }

        return new KubernetesModelYaml(builder.Build());
    }

    public string Serialize(object value) => _serializer.Serialize(value);

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "KubernetesClient's models keep their properties and attributes in a trimmed build (their source-generated JSON metadata uses them); NativeBuildTests compares that build's suggestion YAML with this one's.")]
    private static HashSet<Type> ModelTypesReachableFrom(Type root)
    {
        var found = new HashSet<Type>();
        var pending = new Stack<Type>([root]);
        while (pending.TryPop(out var type))
        {
            if (type.Assembly != typeof(V1ObjectMeta).Assembly || type.Namespace != typeof(V1ObjectMeta).Namespace || !found.Add(type))
            {
                continue;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                foreach (var reached in TypesIn(property.PropertyType))
                {
                    pending.Push(reached);
                }
            }
        }

        return found;
    }

    // A property's own type and, for IList<V1X> or IDictionary<string, V1X>, its type arguments.
    private static IEnumerable<Type> TypesIn(Type type) =>
        type.IsGenericType ? [type, .. type.GetGenericArguments().SelectMany(TypesIn)] : [type];
}
