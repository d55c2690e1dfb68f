using DualHub.Agents.Hosting;
using DualHub.Client.Options;
using DualHub.Core.IO;

namespace DualHub.Cli.Migration;

/// <summary>
/// Restores an agent config from its <c>.backup</c> (the plan's rollback procedure): atomically, then verified: the
/// restored file equals the backup byte for byte and loads as an agent config.
/// </summary>
internal static class ConfigRollback
{
    public const string BackupSuffix = ".backup";

    /// <summary>The top-level sections of every pilot agent, so any of their configs loads.</summary>
    public static IReadOnlyList<string> PilotSections { get; } = [.. PilotAgents.Names.Select(SectionOf)];

    /// <summary>The config section of pilot agent <paramref name="name"/>.</summary>
    public static string SectionOf(string name)
    {
        using var agent = PilotAgents.Create(name) ?? throw new ArgumentException($"unknown agent '{name}'", nameof(name));
        return agent.Section;
    }

    /// <summary>Restores <paramref name="file"/>; returns the bytes restored; throws <see cref="RollbackException"/> naming the file.</summary>
    public static int Restore(string file)
    {
        var backup = file + BackupSuffix;
        if (!File.Exists(backup))
        {
            throw new RollbackException($"{file}: no backup {backup} to restore");
        }

        try
        {
            var original = File.ReadAllBytes(backup);
            AtomicFile.Write(file, original);
            if (!File.ReadAllBytes(file).AsSpan().SequenceEqual(original))
            {
                throw new RollbackException($"{file}: restored file differs from {backup}");
            }

            AgentConfigLoader.Load(file, PilotSections, _ => null);
            return original.Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RollbackException($"{file}: {ex.Message}", ex);
        }
        catch (AgentConfigException ex)
        {
            throw new RollbackException($"{file}: restored, but it does not load: {ex.Message}", ex);
        }
    }
}
