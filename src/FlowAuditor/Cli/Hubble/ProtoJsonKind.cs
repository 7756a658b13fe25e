namespace FlowAuditor.Cli.Hubble;

/// <summary>How <see cref="ProtoJsonWriter"/> reads and writes a field.</summary>
internal enum ProtoJsonKind
{
    Bool,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Enum,

    /// <summary>string, bytes, float, double: read as an object, written as the formatter writes the boxed value.</summary>
    Scalar,
    Message,
    Timestamp,

    /// <summary>A wrapper (BoolValue, ...): its value when set, as the formatter writes it.</summary>
    Wrapper,

    /// <summary>Any, Duration, FieldMask, Struct, maps, groups, repeated wrappers: the formatter writes messages with one set.</summary>
    Unsupported,
}
