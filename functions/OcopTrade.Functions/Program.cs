using Microsoft.Azure.Functions.Worker.Builder;
using OcopTrade.Functions.Platform;

var builder = FunctionsApplication.CreateBuilder(args);
builder.AddOcopTrade();
builder.Build().Run();
