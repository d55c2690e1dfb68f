namespace DualHub.Metrics.GroupingKeys;

/// <summary>
/// URL-safe base64 as Pushgateway decodes grouping-key components: Go's <c>base64.RawURLEncoding</c>
/// after trimming trailing <c>=</c>, so padding is optional, CR/LF are skipped and the errors
/// are Go's (<c>illegal base64 data at input byte N</c>).
/// </summary>
internal static class GoBase64
{
    private static readonly sbyte[] s_decodeMap = BuildDecodeMap();

    /// <summary>
    /// Decodes <paramref name="text"/>; on failure returns false, Go's error text, and in
    /// <paramref name="bytes"/> what Go returns alongside it (the complete quanta decoded before the error).
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes, out string? error)
    {
        text = text.TrimEnd('=');
        var output = new byte[(text.Length * 3 / 4) + 3];
        var written = 0;
        Span<int> quantum = stackalloc int[4];
        var i = 0;
        while (true)
        {
            var j = 0;
            var length = 4;
            while (j < 4)
            {
                if (i == text.Length)
                {
                    if (j == 0)
                    {
                        bytes = output.AsSpan(0, written).ToArray();
                        error = null;
                        return true;
                    }

                    if (j == 1)
                    {
                        return Fail(i - 1, output.AsSpan(0, written), out bytes, out error);
                    }

                    length = j;
                    break;
                }

                var c = text[i++];
                var v = c < 128 ? s_decodeMap[c] : (sbyte)-1;
                if (v >= 0)
                {
                    quantum[j++] = v;
                    continue;
                }

                if (c is '\n' or '\r')
                {
                    continue;
                }

                return Fail(i - 1, output.AsSpan(0, written), out bytes, out error);
            }

            var val = (quantum[0] << 18) | (quantum[1] << 12) | (length > 2 ? quantum[2] << 6 : 0) | (length > 3 ? quantum[3] : 0);
            output[written++] = (byte)(val >> 16);
            if (length > 2)
            {
                output[written++] = (byte)(val >> 8);
            }

            if (length > 3)
            {
                output[written++] = (byte)val;
            }

            if (length < 4)
            {
                bytes = output.AsSpan(0, written).ToArray();
                error = null;
                return true;
            }
        }
    }

    /// <summary>Encodes as URL-safe base64 without padding (Go's <c>RawURLEncoding</c>).</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var s = Convert.ToBase64String(bytes);
        return s.TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static bool Fail(int offset, ReadOnlySpan<byte> partial, out byte[] bytes, out string? error)
    {
        bytes = partial.ToArray();
        error = $"illegal base64 data at input byte {offset}";
        return false;
    }

    private static sbyte[] BuildDecodeMap()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var map = new sbyte[128];
        Array.Fill(map, (sbyte)-1);
        for (var k = 0; k < alphabet.Length; k++)
        {
            map[alphabet[k]] = (sbyte)k;
        }

        return map;
    }
}
