using System.Text.Json.Nodes;

namespace OcopTrade.LocalHost;

/// <summary>worker.config.json: how the host starts the worker (executable, worker path, arguments).</summary>
public sealed record WorkerConfig(string Executable, string WorkerPath, IReadOnlyList<string> Arguments)
{
    public static WorkerConfig Read(string appDirectory)
    {
        var path = Path.Combine(appDirectory, "worker.config.json");
        var description = JsonNode.Parse(File.ReadAllText(path))!["description"]!;
        var arguments = description["arguments"]?.AsArray().Select(a => a!.GetValue<string>()).ToList() ?? [];
        return new WorkerConfig(
            description["defaultExecutablePath"]?.GetValue<string>() ?? "dotnet",
            Path.Combine(appDirectory, description["defaultWorkerPath"]!.GetValue<string>()),
            arguments);
    }
}
