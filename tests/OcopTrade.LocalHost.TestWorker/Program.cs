using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OcopTrade.LocalHost.TestWorker;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddSingleton(new Records(new TableServiceClient(builder.Configuration["AzureWebJobsStorage"]),
    builder.Configuration["RecordsTable"] ?? "records"));
builder.Build().Run();
