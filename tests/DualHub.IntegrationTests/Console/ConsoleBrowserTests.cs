using System.Globalization;
using System.Net;
using System.Text;
using DualHub.IntegrationTests.Hub;
using DualHub.Testing;
using OpenQA.Selenium;

namespace DualHub.IntegrationTests.Console;

/// <summary>
/// The console in a real browser (Debian's Chromium): pages render without script errors or failed requests, nothing is
/// loaded from another host, a push appears without a reload, a label value with markup stays text, axe-core finds no
/// serious violation, and CentralHub's page says which part is unreachable and links to the others. Screenshots go to
/// artifacts/console/.
/// </summary>
public sealed class ConsoleBrowserTests : IAsyncLifetime, IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly List<string> _dirs = [];
    private HubInstance _pushgateway = null!;
    private HubInstance _central = null!;
    private ConsoleBrowser _browser = null!;
    private int _deadPort;

    public async Task InitializeAsync()
    {
        Assert.True(ConsoleBrowser.Available, "chromium and chromedriver are installed by ./test.sh (eng/prereqs.sh)");
        _pushgateway = await HubInstance.StartAsync("--config", Config("role: pushgateway\nenable_admin_api: true\n"));
        _deadPort = FreePort.Next();
        _central = await HubInstance.StartAsync("--config", Config($$"""
            role: central
            console:
              deployment:
                - { machine: mainpc, kind: hub, name: pushgateway-mainpc, url: "{{_pushgateway.Url}}" }
                - { machine: pc2, kind: agent, name: resource-manager, url: "http://127.0.0.1:{{_deadPort.ToString(CultureInfo.InvariantCulture)}}" }
            """));
        _browser = new ConsoleBrowser();
    }

    public async Task DisposeAsync()
    {
        _browser?.Dispose();
        await _central.DisposeAsync();
        await _pushgateway.DisposeAsync();
        _dirs.ForEach(TempDir.Delete);
    }

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task A_push_appears_on_the_pushgateway_page_without_a_reload_and_markup_in_a_label_stays_text()
    {
        await PushAsync("/metrics/job/evil/instance/pc2", $"console_evil{{note=\"{ConsolePageTests.Evil}\"}} 1\n");
        await _browser.OpenAsync(_pushgateway.Url + "/");
        Assert.Contains("evil", _browser.BodyText, StringComparison.Ordinal);
        _browser.Script("document.querySelectorAll('details.group').forEach(function (d) { d.open = true; });");
        Assert.Contains(ConsolePageTests.Evil, _browser.BodyText, StringComparison.Ordinal);

        _browser.Script("window.__sameDocument = true;");
        await PushAsync("/metrics/job/arrived_live/instance/pc2", "console_live 1\n");
        await Poll.UntilAsync(() => _browser.BodyText.Contains("arrived_live", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "the push to appear on the open page");
        Assert.Equal(true, _browser.Script("return window.__sameDocument === true;"));

        Assert.Empty(_browser.Problems());
        _browser.Screenshot("pushgateway");
        Assert.Empty(_browser.SeriousAccessibilityViolations());
    }

    [Fact]
    public async Task Centrals_page_names_each_part_says_which_is_unreachable_and_links_to_the_others()
    {
        await _browser.OpenAsync(_central.Url + "/");
        var text = _browser.BodyText;
        Assert.Contains("pushgateway-mainpc", text, StringComparison.Ordinal);
        Assert.Contains("resource-manager", text, StringComparison.Ordinal);
        Assert.Contains("unreachable", text, StringComparison.Ordinal);
        Assert.Contains("Loss ledger", text, StringComparison.Ordinal);
        Assert.Empty(_browser.Problems());
        _browser.Screenshot("central");
        Assert.Empty(_browser.SeriousAccessibilityViolations());

        _browser.Driver.FindElement(By.CssSelector($"a[href='{_pushgateway.Url}/']")).Click();
        await Poll.UntilAsync(() => _browser.Driver.Title.StartsWith("Pushgateway", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "the link to lead to the Pushgateway's page");
    }

    private string Config(string yaml)
    {
        var dir = TempDir.Create();
        _dirs.Add(dir);
        var path = Path.Combine(dir, "hub.yml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private async Task PushAsync(string path, string body)
    {
        using var response = await _http.PutAsync(new Uri(_pushgateway.Url + path), new StringContent(body, Encoding.UTF8));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
