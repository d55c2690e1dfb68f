using System.Globalization;

namespace DualHub.Hub.Options;

/// <summary>Parses <c>HOST:PORT</c>, <c>:PORT</c> and <c>[v6]:PORT</c>.</summary>
public static class ListenAddress
{
    public static bool TryParse(string text, out string host, out int port)
    {
        host = string.Empty;
        port = 0;
        var i = text.LastIndexOf(':');
        if (i < 0 || !int.TryParse(text.AsSpan(i + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 0 or > 65535)
        {
            return false;
        }

        host = text[..i].Trim('[', ']');
        if (host.Length == 0)
        {
            host = "0.0.0.0";
        }

        return true;
    }
}
