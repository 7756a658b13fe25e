using System.Reflection;
using System.Runtime.CompilerServices;
using Google.Protobuf;

namespace FlowAuditor.Cli.Hubble;

/// <summary>A typed property read as <typeparamref name="T"/>.</summary>
internal interface IPropertyGetter<out T>
{
    T Get(IMessage message);
}

/// <summary>
/// Reads <typeparamref name="TProperty"/> of a <typeparamref name="TMessage"/> as <typeparamref name="T"/>: the same
/// type, an int-backed enum as its int, or anything as an object (a nullable wrapper boxes to its value or null).
/// </summary>
internal sealed class PropertyGetter<TMessage, TProperty, T>(MethodInfo getter) : IPropertyGetter<T>
    where TMessage : IMessage
{
    private readonly Func<TMessage, TProperty> _get = getter.CreateDelegate<Func<TMessage, TProperty>>();

    public T Get(IMessage message)
    {
        var value = _get((TMessage)message);
        if (typeof(T) == typeof(object))
        {
            return (T)(object)value!;
        }

        return Unsafe.As<TProperty, T>(ref value);
    }
}
