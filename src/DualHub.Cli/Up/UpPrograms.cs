namespace DualHub.Cli.Up;

/// <summary>The programs <c>up</c> runs besides itself and nats-server: Debian's, installed by <c>./dualhub</c>.</summary>
internal static class UpPrograms
{
    /// <summary>Kind of vmalert and Alertmanager in the status table; stopped before the hubs they talk to.</summary>
    public const string AlertsKind = "alerts";

    // Where the Debian packages install them.
    public const string VictoriaMetrics = "/usr/bin/victoria-metrics";

    public const string Vmalert = "/usr/bin/vmalert";

    public const string Alertmanager = "/usr/bin/prometheus-alertmanager";

    /// <summary><paramref name="path"/> when it exists; otherwise an error naming the Debian package that ships it.</summary>
    public static string Require(string path, string package) => File.Exists(path)
        ? path
        : throw new InvalidOperationException($"{path} is not installed (Debian package {package}; ./dualhub installs it, or: apt-get install {package})");
}
