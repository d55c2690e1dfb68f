using System.Diagnostics;
using System.Text;

namespace DualHub.Testing;

/// <summary>
/// A real process started by a test (pushgateway, prometheus, nats-server, a dualhub hub): its own temp
/// directory, output captured for failure messages, killed with its process tree and its directory deleted on dispose.
/// </summary>
public sealed class ExternalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly bool _ownsDirectory;

    private ExternalProcess(Process process, string directory, bool ownsDirectory)
    {
        _process = process;
        Directory = directory;
        _ownsDirectory = ownsDirectory;
    }

    public string Directory { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="fileName"/>; <paramref name="directory"/> defaults to a new temp folder owned by this object
    /// (deleted when it is disposed), and a given one is owned too when <paramref name="ownsDirectory"/> says so.
    /// </summary>
    public static ExternalProcess Start(string fileName, IEnumerable<string> args, string? directory = null, IDictionary<string, string>? env = null, bool? ownsDirectory = null)
    {
        var owns = ownsDirectory ?? directory is null;
        directory ??= TempDir.Create();
        var psi = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        if (env is not null)
        {
            foreach (var (k, v) in env)
            {
                psi.Environment[k] = v;
            }
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var result = new ExternalProcess(process, directory, owns);
        process.OutputDataReceived += (_, e) => result.Append(e.Data);
        process.ErrorDataReceived += (_, e) => result.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>Polls <paramref name="url"/> until it answers 2xx; fails early with the output if the process exits.</summary>
    public async Task WaitForHttpOkAsync(string url, TimeSpan? timeout = null)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Poll.UntilAsync(
            async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"{_process.StartInfo.FileName} exited with {_process.ExitCode}:\n{Output}");
                }

                try
                {
                    using var r = await http.GetAsync(new Uri(url));
                    return r.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
                catch (TaskCanceledException)
                {
                    return false;
                }
            },
            timeout ?? TimeSpan.FromSeconds(30),
            $"{url} to answer 2xx (output so far: {Output})");
    }

    /// <summary>Sends a signal (SIGKILL = 9, SIGSTOP = 19, SIGCONT = 18, SIGTERM = 15).</summary>
    public void Signal(int signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Waits for exit and for the redirected output to be fully read.</summary>
    public Task WaitForExitAsync(CancellationToken ct = default) => _process.WaitForExitAsync(ct);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                Signal(18); // a stopped process cannot die until continued
                _process.Kill(entireProcessTree: true);
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (InvalidOperationException)
        {
        }
        catch (OperationCanceledException)
        {
        }

        _process.Dispose();
        if (_ownsDirectory)
        {
            TempDir.Delete(Directory);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 1 << 20)
            {
                _output.AppendLine(line);
            }
        }
    }
}
