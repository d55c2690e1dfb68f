using System.Text;
using CsCheck;
using DualHub.Hub.Scrape;

namespace DualHub.Hub.Tests.Scrape;

/// <summary>The scrape cache's open-addressing index against a dictionary, through random adds and removes (growth, wrap-around, backward shifts).</summary>
public sealed class ByteKeyIndexTests
{
    [Fact]
    public void Random_adds_and_removes_find_exactly_what_a_dictionary_finds()
    {
        Gen.Select(Gen.Int[0, 300], Gen.Bool).Array[1, 3000].Sample(ops =>
        {
            var keys = new List<byte[]>();
            var index = new ByteKeyIndex(i => keys[i]);
            var live = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (k, add) in ops)
            {
                var key = "k" + k;
                if (add && !live.ContainsKey(key))
                {
                    keys.Add(Encoding.ASCII.GetBytes(key));
                    index.Add(keys.Count - 1);
                    live[key] = keys.Count - 1;
                }
                else if (!add && live.Remove(key, out var item))
                {
                    index.Remove(item);
                }
            }

            Assert.Equal(live.Count, index.Count);
            for (var k = 0; k <= 300; k++)
            {
                var key = "k" + k;
                Assert.Equal(live.TryGetValue(key, out var item) ? item : -1, index.Find(Encoding.ASCII.GetBytes(key)));
            }
        }, iter: 300);
    }
}
