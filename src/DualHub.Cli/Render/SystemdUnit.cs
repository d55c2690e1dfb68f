using System.Text;

namespace DualHub.Cli.Render;

/// <summary>
/// A systemd unit running one process of the deployment. Hardening is limited to options a .NET process and
/// nats-server run under (no MemoryDenyWriteExecute: the JIT writes code; no PrivateTmp: unified-utils sizes the real /tmp); state is writable under /var/lib/dualhub.
/// </summary>
internal static class SystemdUnit
{
    public static string Render(string description, IEnumerable<string> commandLine, IEnumerable<string> after, bool oneShot = false)
    {
        var sb = new StringBuilder();
        sb.Append("[Unit]\n");
        sb.Append("Description=").Append(description).Append('\n');
        sb.Append("Wants=network-online.target\n");
        sb.Append("After=network-online.target");
        foreach (var unit in after)
        {
            sb.Append(' ').Append(unit);
        }

        sb.Append('\n');
        if (oneShot)
        {
            // Retried until it succeeds (its server may still be starting), never given up after a burst of failures.
            sb.Append("StartLimitIntervalSec=0\n");
        }

        sb.Append("\n[Service]\n");
        sb.Append(oneShot ? "Type=oneshot\nRemainAfterExit=yes\n" : "Type=simple\n");
        sb.Append("User=dualhub\n");
        sb.Append("Group=dualhub\n");
        sb.Append("ExecStart=").Append(string.Join(' ', commandLine.Select(Escape))).Append('\n');
        sb.Append("Restart=on-failure\n");
        sb.Append(oneShot ? "RestartSec=2\n" : "RestartSec=1\n");
        // The first SIGTERM asks for a clean stop (journals flushed); give it time before SIGKILL.
        sb.Append("KillSignal=SIGTERM\n");
        sb.Append("TimeoutStopSec=30\n");
        sb.Append("StateDirectory=dualhub\n");
        sb.Append("ReadWritePaths=/var/lib/dualhub\n");
        sb.Append("NoNewPrivileges=true\n");
        sb.Append("ProtectSystem=strict\n");
        sb.Append("ProtectHome=read-only\n");
        sb.Append("PrivateDevices=true\n");
        sb.Append("ProtectKernelTunables=true\n");
        sb.Append("ProtectKernelModules=true\n");
        sb.Append("ProtectControlGroups=true\n");
        sb.Append("RestrictSUIDSGID=true\n");
        sb.Append("LockPersonality=true\n");
        sb.Append("RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK\n");
        sb.Append("\n[Install]\n");
        sb.Append("WantedBy=multi-user.target\n");
        return sb.ToString();
    }

    // systemd splits ExecStart on whitespace and expands '$' and '%': quote such words, double those characters.
    private static string Escape(string word)
    {
        var escaped = word.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("%", "%%", StringComparison.Ordinal).Replace("$", "$$", StringComparison.Ordinal);
        return escaped.Any(char.IsWhiteSpace) || escaped.Length == 0 ? "\"" + escaped + "\"" : escaped;
    }
}
