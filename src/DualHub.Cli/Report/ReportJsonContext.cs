using System.Text.Json.Serialization;

namespace DualHub.Cli.Report;

/// <summary>Source-generated JSON for the results file and the JSON report (no reflection: the CLI runs as NativeAOT).</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CheckRunFile.RunFile))]
[JsonSerializable(typeof(JsonReport.Document), TypeInfoPropertyName = "JsonReportDocument")]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
