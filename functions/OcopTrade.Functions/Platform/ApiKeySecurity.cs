using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OcopTrade.Functions.Platform;

/// <summary>Tells OpenAPI readers that calls carry an <c>x-api-key</c> header.</summary>
public sealed class ApiKeySecurity : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "OcopTrade API";
        document.Info.Description = "OCOP product listings, producers and access keys. Send your key in the x-api-key header.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["apiKey"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "x-api-key",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("apiKey", document)] = [] });
        return Task.CompletedTask;
    }
}
