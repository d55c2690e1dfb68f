using System.Text.Json;
using DualHub.Testing;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace DualHub.IntegrationTests.Console;

/// <summary>
/// Debian's headless Chromium driven through its chromedriver (no browser download, Selenium Manager offline). Each page
/// gets a recorder installed before its own scripts run: script errors, <c>console.error</c>, CSP violations and
/// resource load errors; <see cref="Problems"/> adds requests that failed or went to another origin.
/// </summary>
internal sealed class ConsoleBrowser : IDisposable
{
    private const string Recorder = """
        window.__problems = [];
        window.addEventListener('error', function (e) {
          var t = e.target;
          window.__problems.push(t && t !== window && (t.src || t.href) ? 'failed to load ' + (t.src || t.href) : 'script error: ' + e.message);
        }, true);
        window.addEventListener('unhandledrejection', function (e) { window.__problems.push('unhandled rejection: ' + e.reason); });
        window.addEventListener('securitypolicyviolation', function (e) { window.__problems.push('CSP violation: ' + e.blockedURI + ' ' + e.violatedDirective); });
        var err = console.error;
        console.error = function () { window.__problems.push('console.error: ' + Array.prototype.join.call(arguments, ' ')); err.apply(console, arguments); };
        """;

    private readonly ChromeDriver _driver;

    public ConsoleBrowser()
    {
        Environment.SetEnvironmentVariable("SE_OFFLINE", "true");
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000", "--no-first-run", "--disable-extensions");
        _driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        _driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(60);
        _driver.ExecuteCdpCommand("Page.addScriptToEvaluateOnNewDocument", new Dictionary<string, object?> { ["source"] = Recorder });
    }

    public IWebDriver Driver => _driver;

    public static bool Available => File.Exists("/usr/bin/chromium") && File.Exists("/usr/bin/chromedriver");

    public async Task OpenAsync(string url)
    {
        await _driver.Navigate().GoToUrlAsync(url);
        // The page is server-rendered: complete once the document is; scripts then start polling.
        await Poll.UntilAsync(() => Script("return document.readyState") as string == "complete", TimeSpan.FromSeconds(30), "the page to load");
    }

    public string BodyText => _driver.FindElement(By.TagName("body")).Text;

    public object? Script(string script, params object[] args) => _driver.ExecuteScript(script, args);

    /// <summary>Recorded errors, plus every resource that failed (status 400+) or came from another origin than the page.</summary>
    public IReadOnlyList<string> Problems()
    {
        var json = (string)Script("""
            var out = (window.__problems || []).slice();
            performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation')).forEach(function (r) {
              if (new URL(r.name).origin !== location.origin) { out.push('request left the host: ' + r.name); }
              if (r.responseStatus >= 400) { out.push('HTTP ' + r.responseStatus + ' for ' + r.name); }
            });
            return JSON.stringify(out);
            """)!;
        return JsonSerializer.Deserialize<List<string>>(json) ?? [];
    }

    /// <summary>Writes a full-window PNG to artifacts/console/<paramref name="name"/>.png under the repository root.</summary>
    public string Screenshot(string name)
    {
        var dir = RepoRoot.Combine("artifacts", "console");
        Directory.CreateDirectory(dir);
        var height = Convert.ToInt32(Script("return Math.min(6000, document.documentElement.scrollHeight)"), System.Globalization.CultureInfo.InvariantCulture);
        _driver.Manage().Window.Size = new System.Drawing.Size(1400, Math.Max(800, height));
        var path = Path.Combine(dir, name + ".png");
        _driver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    /// <summary>Runs axe-core in the page; returns the serious and critical violations as "id (impact): n nodes, first target".</summary>
    public IReadOnlyList<string> SeriousAccessibilityViolations()
    {
        Script(File.ReadAllText(RepoRoot.Combine("tests", "DualHub.IntegrationTests", "Console", "axe", "axe.min.js")));
        var json = (string)_driver.ExecuteAsyncScript("""
            var done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'] }).then(function (r) {
              done(JSON.stringify(r.violations.filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; })
                .map(function (v) { return v.id + ' (' + v.impact + '): ' + v.nodes.length + ' nodes, e.g. ' + JSON.stringify(v.nodes[0].target); })));
            }, function (e) { done(JSON.stringify(['axe failed: ' + e])); });
            """)!;
        return JsonSerializer.Deserialize<List<string>>(json) ?? [];
    }

    public void Dispose()
    {
        _driver.Quit();
        _driver.Dispose();
    }
}
