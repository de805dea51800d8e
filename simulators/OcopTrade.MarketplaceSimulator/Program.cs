namespace OcopTrade.MarketplaceSimulator;

/// <summary>The marketplace simulator: voso, postmart and shopee as OcopTrade's connectors speak to them
/// (CONTRACTS.md), with realistic faults. Run: dotnet run --project simulators/OcopTrade.MarketplaceSimulator -- --urls http://localhost:7072
/// A named entry point rather than top-level statements, so its Program never clashes with the function app's.</summary>
internal static class SimulatorProgram
{
    public static void Main(string[] args) => SimulatorApp.Build(args).Run();
}
