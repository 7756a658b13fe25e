using System.Buffers;

namespace FlowAuditor.Hubble.Capture;

/// <summary>
/// Splits a pipe buffer into lines. A line longer than the limit is reported once and then discarded as it
/// streams past, so one huge line never needs to fit in memory.
/// </summary>
internal sealed class LineSplitter(int maxLineBytes)
{
    private bool _discarding;

    /// <summary>
    /// Takes the next line (without its newline) from <paramref name="buffer"/>. Returns false when more data is
    /// needed. <paramref name="tooLong"/> marks an over-long line, whose content is not returned.
    /// </summary>
    public bool TryTake(ref ReadOnlySequence<byte> buffer, bool isCompleted, out ReadOnlySequence<byte> line, out bool tooLong)
    {
        line = default;
        tooLong = false;
        while (true)
        {
            var newline = buffer.PositionOf((byte)'\n');
            if (_discarding)
            {
                if (newline is null)
                {
                    buffer = buffer.Slice(buffer.End);
                    if (isCompleted)
                    {
                        _discarding = false;
                    }

                    return false;
                }

                buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
                _discarding = false;
                continue;
            }

            if (newline is not null)
            {
                var candidate = buffer.Slice(0, newline.Value);
                buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
                tooLong = candidate.Length > maxLineBytes;
                line = tooLong ? default : candidate;
                return true;
            }

            if (buffer.Length > maxLineBytes)
            {
                // Report now and drop the rest of this line as it arrives.
                buffer = buffer.Slice(buffer.End);
                _discarding = !isCompleted;
                tooLong = true;
                return true;
            }

            if (isCompleted && !buffer.IsEmpty)
            {
                line = buffer;
                buffer = buffer.Slice(buffer.End);
                return true;
            }

            return false;
        }
    }
}
