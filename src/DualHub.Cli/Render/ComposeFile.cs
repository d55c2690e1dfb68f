using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace DualHub.Cli.Render;

/// <summary>
/// The docker-compose.yml of one machine (compose file format 3.8, which docker-compose 1.29 and Compose v2 read) and
/// the Dockerfile of its image: the same processes as the machine's systemd units, same command lines, same start
/// order. Written with YamlDotNet's emitter; every value is a double-quoted scalar, since docker-compose 1.x parses
/// YAML 1.1, where a plain <c>on</c>, <c>no</c> or <c>0123</c> is not a string.
/// </summary>
internal static class ComposeFile
{
    public const string FileName = "docker-compose.yml";

    public const string DockerfileName = "Dockerfile";

    /// <summary>The image the Dockerfile builds; every service of the machine runs it.</summary>
    public const string Image = "dualhub:local";

    private const string StateVolume = "state";

    /// <summary>The compose file; with <paramref name="secure"/> the output's secure folder is mounted where the configs name it.</summary>
    public static string Render(string machine, IEnumerable<DeployedProcess> processes, bool secure = false)
    {
        var sb = new StringBuilder();
        using (var writer = new StringWriter(sb))
        {
            var e = new Emitter(writer);
            e.Emit(new StreamStart());
            e.Emit(new DocumentStart());
            Comment(e, $"DualHub on {machine}, rendered by `dualhub render`: the processes of the machine's dualhub-*.service units,");
            Comment(e, "same command lines, same start order (depends_on = the units' After=). Build context: this directory");
            Comment(e, "with the native dualhub binary and its libe_sqlite3.so copied in (see Dockerfile); then `docker-compose up -d --build`.");
            Comment(e, "network_mode host: the configs listen on, and name, this machine's LAN host and ports, and NATS advertises");
            Comment(e, "them to the other machine, exactly as under systemd; a bridge network would have neither those addresses");
            Comment(e, "nor a shared 127.0.0.1. This directory is mounted read-only as /etc/dualhub, where the configs name each other.");
            e.Emit(new MappingStart());
            Scalar(e, "version", plain: true);
            Scalar(e, "3.8");
            Scalar(e, "services", plain: true);
            e.Emit(new MappingStart());
            foreach (var p in processes)
            {
                Service(e, p, secure);
            }

            e.Emit(new MappingEnd());
            Scalar(e, "volumes", plain: true);
            e.Emit(new MappingStart());
            Comment(e, "/var/lib/dualhub: journals, spools, NATS stores; a new volume takes the image's dualhub-owned directory.");
            Scalar(e, StateVolume);
            e.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, isImplicit: true, MappingStyle.Flow));
            e.Emit(new MappingEnd());
            e.Emit(new MappingEnd());
            e.Emit(new MappingEnd());
            e.Emit(new DocumentEnd(isImplicit: true));
            e.Emit(new StreamEnd());
        }

        return sb.ToString();
    }

    private static void Service(Emitter e, DeployedProcess p, bool secure)
    {
        Scalar(e, p.Name);
        e.Emit(new MappingStart());
        Scalar(e, "build", plain: true);
        e.Emit(new MappingStart());
        Scalar(e, "context", plain: true);
        Scalar(e, ".");
        Scalar(e, "dockerfile", plain: true);
        Scalar(e, DockerfileName);
        e.Emit(new MappingEnd());
        Scalar(e, "image", plain: true);
        Scalar(e, Image);
        // No ENTRYPOINT in the image: the command is the whole argv, the unit's ExecStart word for word.
        Scalar(e, "command", plain: true);
        Sequence(e, p.CommandLine);
        Scalar(e, "network_mode", plain: true);
        Scalar(e, "host");
        Scalar(e, "restart", plain: true);
        Scalar(e, "on-failure");
        // As the units: the first SIGTERM asks for a clean stop (journals flushed); 30 s before SIGKILL.
        Scalar(e, "stop_signal", plain: true);
        Scalar(e, "SIGTERM");
        Scalar(e, "stop_grace_period", plain: true);
        Scalar(e, "30s");
        Scalar(e, "volumes", plain: true);
        e.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, isImplicit: true, SequenceStyle.Block));
        Volume(e, "bind", ".", DeploymentRenderer.ConfigDirectory, readOnly: true);
        if (secure)
        {
            // Generated once for both machines, beside the machines' directories (render --secure).
            Volume(e, "bind", "../" + SecureDeployment.FolderName, SecureDeployment.InstallDirectory, readOnly: true);
        }

        Volume(e, "volume", StateVolume, DeploymentRenderer.DataRoot, readOnly: false);
        e.Emit(new SequenceEnd());
        if (p.After.Count > 0)
        {
            Scalar(e, "depends_on", plain: true);
            Sequence(e, p.After);
        }

        e.Emit(new MappingEnd());
    }

    private static void Volume(Emitter e, string type, string source, string target, bool readOnly)
    {
        e.Emit(new MappingStart());
        Scalar(e, "type", plain: true);
        Scalar(e, type);
        Scalar(e, "source", plain: true);
        Scalar(e, source);
        Scalar(e, "target", plain: true);
        Scalar(e, target);
        if (readOnly)
        {
            Scalar(e, "read_only", plain: true);
            Scalar(e, "true", plain: true);
        }

        e.Emit(new MappingEnd());
    }

    private static void Sequence(Emitter e, IEnumerable<string> items)
    {
        e.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, isImplicit: true, SequenceStyle.Block));
        foreach (var item in items)
        {
            Scalar(e, item);
        }

        e.Emit(new SequenceEnd());
    }

    // Keys of the compose format are plain; everything else (names, paths, words of a command line) double-quoted,
    // with '$' doubled: docker-compose expands $VAR in values, and "$$" is its literal '$'.
    private static void Scalar(Emitter e, string value, bool plain = false) =>
        e.Emit(plain
            ? new Scalar(AnchorName.Empty, TagName.Empty, value, ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false)
            : new Scalar(AnchorName.Empty, TagName.Empty, value.Replace("$", "$$", StringComparison.Ordinal), ScalarStyle.DoubleQuoted, isPlainImplicit: false, isQuotedImplicit: true));

    private static void Comment(Emitter e, string text) => e.Emit(new YamlDotNet.Core.Events.Comment(text, isInline: false));

    /// <summary>
    /// The image of every service: debian:bookworm-slim with Debian's nats-server (the same 2.9.10 package, path and
    /// command line as the systemd deployment; one image to build instead of two), the machine's other
    /// <paramref name="packages"/> (MainPC: the store and the alerting pair) and the native dualhub binary.
    /// </summary>
    public static string RenderDockerfile(string machine, string executable, IReadOnlyList<string>? packages = null)
    {
        var dir = Path.GetDirectoryName(executable) ?? "/";
        var sb = new StringBuilder();
        sb.Append("# DualHub on ").Append(machine).Append(", rendered by `dualhub render`: the image of every service in docker-compose.yml.\n");
        sb.Append("# Put the native build in this directory first (it is the build context); in the DualHub checkout, where\n");
        sb.Append("# ./dualhub (e.g. `./dualhub render`) has built it:\n");
        sb.Append("#   cp artifacts/publish/DualHub.Cli/release_linux-x64/{dualhub,libe_sqlite3.so} <this directory>/\n");
        sb.Append("# The binary needs only glibc; libe_sqlite3.so (the hubs' journal) is loaded from the binary's directory.\n");
        sb.Append("FROM debian:bookworm-slim\n");
        sb.Append("RUN apt-get update \\\n");
        sb.Append(" && apt-get install -y --no-install-recommends nats-server");
        foreach (var package in packages ?? [])
        {
            sb.Append(' ').Append(package);
        }

        sb.Append(" \\\n");
        sb.Append(" && rm -rf /var/lib/apt/lists/*\n");
        sb.Append("RUN useradd --system --home-dir /var/lib/dualhub --no-create-home dualhub \\\n");
        sb.Append(" && install -d -o dualhub -g dualhub /var/lib/dualhub\n");
        // JSON form: the paths are data, never split or expanded by the Dockerfile parser.
        sb.Append("COPY [\"dualhub\", \"libe_sqlite3.so\", ").Append(Json(dir.EndsWith('/') ? dir : dir + "/")).Append("]\n");
        if (Path.GetFileName(executable) != "dualhub")
        {
            sb.Append("RUN [\"mv\", ").Append(Json(Path.Combine(dir, "dualhub"))).Append(", ").Append(Json(executable)).Append("]\n");
        }

        sb.Append("USER dualhub\n");
        return sb.ToString();
    }

    private static string Json(string value) => "\"" + JsonEncodedText.Encode(value).ToString() + "\"";
}
