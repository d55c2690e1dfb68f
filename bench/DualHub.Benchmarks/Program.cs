using BenchmarkDotNet.Running;

// Drills that run real processes rather than BenchmarkDotNet (see docs/benchmarks.md, "Agent SDK").
if (args is ["agent-failover", .. var failoverArgs])
{
    return await DualHub.Benchmarks.Client.AgentFailoverDrill.RunAsync(failoverArgs);
}

if (args is ["agent-overhead", .. var overheadArgs])
{
    return await DualHub.Benchmarks.Client.AgentOverhead.RunAsync(overheadArgs);
}

if (args is ["rw-send", .. var sendArgs])
{
    return await DualHub.Benchmarks.Receive.RemoteWriteLoad.RunAsync(sendArgs);
}

if (args is ["scrape-cache-memory", .. var memoryArgs])
{
    return DualHub.Benchmarks.Scrape.ScrapeCacheMemory.Run(memoryArgs);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
