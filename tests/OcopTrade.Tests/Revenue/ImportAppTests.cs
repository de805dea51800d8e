using OcopTrade.Functions.Revenue;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Revenue;

/// <summary>An app of its own whose host drives <see cref="ProcessRevenueImport"/> from the imports queue.</summary>
public abstract class ImportAppTests : OwnAppTests;
