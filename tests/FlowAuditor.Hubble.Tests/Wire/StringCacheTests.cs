using System.Text;
using FlowAuditor.Hubble.Wire;

namespace FlowAuditor.Hubble.Tests.Wire;

public sealed class StringCacheTests
{
    [Fact]
    public void A_repeated_value_is_the_same_string_and_every_value_reads_back_as_written_even_when_slots_collide()
    {
        var pool = new StringCache();
        var first = pool.Get("k8s:app=backend"u8);
        Assert.Same(first, pool.Get("k8s:app=backend"u8));

        // Far more distinct values than slots: collisions replace entries, and must never return another value.
        var values = Enumerable.Range(0, 20_000).Select(i => $"k8s:io.kubernetes.pod.namespace=ns-{i}").ToArray();
        foreach (var round in Enumerable.Range(0, 2))
        {
            foreach (var value in values)
            {
                Assert.Equal(value, pool.Get(Encoding.UTF8.GetBytes(value)));
            }
        }

        var longValue = new string('x', 300) + "é";
        Assert.Equal(longValue, pool.Get(Encoding.UTF8.GetBytes(longValue)));
        Assert.Equal("é✓", pool.Get(Encoding.UTF8.GetBytes("é✓")));
        Assert.Equal(string.Empty, pool.Get([]));
    }
}
