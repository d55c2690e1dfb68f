using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace DualHub.Core.Security;

/// <summary>
/// <c>basic_auth_users</c> checked as the exporter-toolkit does: a bcrypt comparison per user, password and hash, its
/// result cached (bcrypt costs 50-100 ms, an agent pushes every few seconds), one bcrypt at a time, and an unknown user
/// compared against a fixed hash so timing does not tell which users exist. The cache is keyed by a SHA-256 of the
/// three, so no password is kept in memory. Requests waiting for the bcrypt turn wait asynchronously, holding no thread,
/// and a flood of wrong passwords evicts only wrong ones from the cache, so it slows no right credential down.
/// </summary>
#pragma warning disable CA1001 // the semaphore is only awaited (no wait handle is ever made), so it holds nothing to free
public sealed class BasicAuthGate
#pragma warning restore CA1001
{
    /// <summary>The <c>WWW-Authenticate</c> value of a 401, as the exporter-toolkit sends it.</summary>
    public const string Challenge = "Basic";

    private const int CacheSize = 100;

    // bcrypt of a password nobody has, cost 10 like the toolkit's decoy.
    private const string DecoyHash = "$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi";

    private readonly IReadOnlyDictionary<string, string> _users;
    private readonly ConcurrentDictionary<string, bool> _cache = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _bcrypt = new(1, 1);
    private long _comparisons;

    public BasicAuthGate(IReadOnlyDictionary<string, string> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        _users = users;
    }

    public bool Enabled => _users.Count > 0;

    /// <summary>Bcrypt comparisons made (cache misses), for tests and self-metrics.</summary>
    public long Comparisons => Interlocked.Read(ref _comparisons);

    /// <summary>True when no users are configured, or <paramref name="authorization"/> is <c>Basic</c> for a user with the right password.</summary>
    public ValueTask<bool> AllowsAsync(string? authorization, CancellationToken ct = default)
    {
        if (!Enabled)
        {
            return ValueTask.FromResult(true);
        }

        if (!TryDecode(authorization, out var user, out var password))
        {
            return ValueTask.FromResult(false);
        }

        var known = _users.TryGetValue(user, out var hash);
        hash ??= DecoyHash;
        var key = CacheKey(user, hash, password);
        return _cache.TryGetValue(key, out var ok) ? ValueTask.FromResult(ok && known) : VerifyAsync(key, known, password, hash, ct);
    }

    private async ValueTask<bool> VerifyAsync(string key, bool known, string password, string hash, CancellationToken ct)
    {
        bool matches;
        await _bcrypt.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // The same credential may have been checked while this one waited its turn.
            if (_cache.TryGetValue(key, out var cached))
            {
                return cached && known;
            }

            Interlocked.Increment(ref _comparisons);
            matches = Verify(password, hash);
        }
        finally
        {
            _bcrypt.Release();
        }

        var ok = known && matches;
        if (_cache.Count >= CacheSize)
        {
            // Bounded: wrong credentials go first, so a flood of them cannot push a right one out.
            foreach (var (k, v) in _cache)
            {
                if (!v)
                {
                    _cache.TryRemove(k, out _);
                }
            }

            if (_cache.Count >= CacheSize)
            {
                _cache.Clear();
            }
        }

        _cache[key] = ok;
        return ok;
    }

    /// <summary>Splits an <c>Authorization: Basic</c> header into user and password.</summary>
    public static bool TryDecode(string? authorization, out string user, out string password)
    {
        user = password = string.Empty;
        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return false;
            }

            user = decoded[..colon];
            password = decoded[(colon + 1)..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool Verify(string password, string hash)
    {
        try
        {
            return BCrypt.Net.BCrypt.Verify(password, hash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            return false;
        }
    }

    private static string CacheKey(string user, string hash, string password) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Convert.ToHexString(Encoding.UTF8.GetBytes(user)) + ":" + hash + ":" + Convert.ToHexString(Encoding.UTF8.GetBytes(password)))));
}
