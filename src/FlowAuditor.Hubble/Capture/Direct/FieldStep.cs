namespace FlowAuditor.Hubble.Capture.Direct;

/// <summary>What <see cref="MessageWalk"/> found next in a JSON object.</summary>
internal enum FieldStep
{
    /// <summary>The reader is on the (non-null) value of a known field.</summary>
    Value,

    /// <summary>A known field given null: protobuf JSON leaves it at its default, as if absent.</summary>
    Null,

    /// <summary>The object ended; the reader is on its EndObject.</summary>
    End,

    /// <summary>Something the direct decoder leaves to the general parser, which decides it with its own result or error.</summary>
    Decline,
}
