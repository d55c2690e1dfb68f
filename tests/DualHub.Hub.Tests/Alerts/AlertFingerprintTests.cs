using DualHub.Hub.Alerts;

namespace DualHub.Hub.Tests.Alerts;

public sealed class AlertFingerprintTests
{
    [Fact]
    public void An_empty_label_set_is_the_FNV_offset_basis()
    {
        Assert.Equal("cbf29ce484222325", AlertFingerprint.Of([]));
    }

    [Fact]
    public void Order_does_not_matter_and_names_and_values_are_separated()
    {
        var ab = AlertFingerprint.Of([new("a", "1"), new("b", "2")]);

        Assert.Equal(ab, AlertFingerprint.Of([new("b", "2"), new("a", "1")]));
        Assert.NotEqual(AlertFingerprint.Of([new("a", "b1")]), AlertFingerprint.Of([new("ab", "1")]));
        Assert.Matches("^[0-9a-f]{16}$", ab);
    }

    [Fact]
    public void Long_and_non_ASCII_values_are_hashed_as_UTF8()
    {
        var long1 = AlertFingerprint.Of([new("summary", new string('x', 1000) + "é")]);
        var long2 = AlertFingerprint.Of([new("summary", new string('x', 1000) + "e")]);

        Assert.NotEqual(long1, long2);
    }
}
