using System.Text;
using DualHub.Core.Security;

namespace DualHub.Core.Tests.Security;

public sealed class BasicAuthGateTests
{
    private static readonly Dictionary<string, string> Users = new(StringComparer.Ordinal)
    {
        ["agent"] = BCrypt.Net.BCrypt.HashPassword("right", 4),
    };

    [Fact]
    public async Task Right_password_passes_wrong_and_unknown_do_not()
    {
        var gate = new BasicAuthGate(Users);
        Assert.True(await gate.AllowsAsync(Basic("agent", "right")));
        Assert.False(await gate.AllowsAsync(Basic("agent", "wrong")));
        Assert.False(await gate.AllowsAsync(Basic("nobody", "right")));
        Assert.False(await gate.AllowsAsync(null));
        Assert.False(await gate.AllowsAsync("Basic !!!not-base64"));
        Assert.False(await gate.AllowsAsync("Bearer right"));
    }

    [Fact]
    public async Task A_repeated_credential_costs_one_bcrypt()
    {
        var gate = new BasicAuthGate(Users);
        for (var i = 0; i < 20; i++)
        {
            Assert.True(await gate.AllowsAsync(Basic("agent", "right")));
            Assert.False(await gate.AllowsAsync(Basic("agent", "wrong")));
        }

        Assert.Equal(2, gate.Comparisons);
    }

    [Fact]
    public async Task The_cache_stays_bounded_under_a_flood_of_wrong_passwords_which_does_not_evict_a_right_one()
    {
        var gate = new BasicAuthGate(Users);
        Assert.True(await gate.AllowsAsync(Basic("agent", "right")));
        for (var i = 0; i < 250; i++)
        {
            Assert.False(await gate.AllowsAsync(Basic("agent", "guess" + i)));
        }

        Assert.True(await gate.AllowsAsync(Basic("agent", "right")));
        Assert.Equal(251, gate.Comparisons);
        Assert.False(await gate.AllowsAsync(Basic("agent", "guess0")));
        Assert.Equal(252, gate.Comparisons);
    }

    [Fact]
    public async Task Concurrent_requests_take_turns_at_bcrypt_and_each_gets_its_own_answer()
    {
        var gate = new BasicAuthGate(Users);
        var answers = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => gate.AllowsAsync(Basic("agent", i % 2 == 0 ? "right" : "wrong" + i)).AsTask()));

        Assert.Equal(Enumerable.Range(0, 32).Select(i => i % 2 == 0), answers);
        Assert.Equal(17, gate.Comparisons); // the right password once, each of the 16 wrong ones once
    }

    [Fact]
    public async Task Without_users_everything_passes()
    {
        Assert.True(await new BasicAuthGate(new Dictionary<string, string>()).AllowsAsync(null));
    }

    private static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
}
