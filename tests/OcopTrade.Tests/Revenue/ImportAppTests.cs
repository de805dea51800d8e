using OcopTrade.Functions.Revenue;
using OcopTrade.Functions.Runtime;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Revenue;

/// <summary>An app of its own whose local runtime drives <see cref="ProcessRevenueImport"/> (once its function.json exists).</summary>
public abstract class ImportAppTests : OwnAppTests
{
    protected override OcopApp Configure(OcopApp app)
    {
        var folder = Path.Combine(app.FunctionsRoot, ProcessRevenueImport.Name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "function.json"),
            new FunctionDefinition(ProcessRevenueImport.Name, new QueueTrigger(RevenueImports.Queue)).ToFunctionJson().ToJsonString());
        return app;
    }
}
