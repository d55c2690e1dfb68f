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
    public void Right_password_passes_wrong_and_unknown_do_not()
    {
        var gate = new BasicAuthGate(Users);
        Assert.True(gate.Allows(Basic("agent", "right")));
        Assert.False(gate.Allows(Basic("agent", "wrong")));
        Assert.False(gate.Allows(Basic("nobody", "right")));
        Assert.False(gate.Allows(null));
        Assert.False(gate.Allows("Basic !!!not-base64"));
        Assert.False(gate.Allows("Bearer right"));
    }

    [Fact]
    public void A_repeated_credential_costs_one_bcrypt()
    {
        var gate = new BasicAuthGate(Users);
        for (var i = 0; i < 20; i++)
        {
            Assert.True(gate.Allows(Basic("agent", "right")));
            Assert.False(gate.Allows(Basic("agent", "wrong")));
        }

        Assert.Equal(2, gate.Comparisons);
    }

    [Fact]
    public void The_cache_stays_bounded_under_a_flood_of_wrong_passwords()
    {
        var gate = new BasicAuthGate(Users);
        for (var i = 0; i < 250; i++)
        {
            Assert.False(gate.Allows(Basic("agent", "guess" + i)));
        }

        Assert.True(gate.Allows(Basic("agent", "right")));
        Assert.Equal(251, gate.Comparisons);
    }

    [Fact]
    public void Without_users_everything_passes()
    {
        Assert.True(new BasicAuthGate(new Dictionary<string, string>()).Allows(null));
    }

    private static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
}
