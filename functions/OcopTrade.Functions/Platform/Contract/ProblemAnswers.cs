using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace OcopTrade.Functions.Platform.Contract;

/// <summary>RFC 9457 problem details as the document describes them (<see cref="Problems"/> writes them): the
/// shared schemas, and an error response that refers to them.</summary>
public static class ProblemAnswers
{
    public const string ContentType = "application/problem+json";
    public const string Problem = "ProblemDetails";
    public const string Validation = "ValidationProblemDetails";

    /// <summary>400 and 422 may name the fields at fault in <c>errors</c>.</summary>
    public static OpenApiResponse Response(int status, OpenApiDocument? document) => new()
    {
        Description = ReasonPhrases.GetReasonPhrase(status),
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [ContentType] = new()
            {
                Schema = new OpenApiSchemaReference(status is 400 or 422 ? Validation : Problem, document),
            },
        },
    };

    public static void AddSchemas(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[Problem] = ProblemSchema(withErrors: false);
        document.Components.Schemas[Validation] = ProblemSchema(withErrors: true);
    }

    /// <summary>Extensions (a trace id, what a refusal names) may follow the standard members.</summary>
    private static OpenApiSchema ProblemSchema(bool withErrors)
    {
        var properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = Text("A URI naming the kind of problem."),
            ["title"] = Text("What went wrong, in Vietnamese for the producer."),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = Text("What went wrong and what to do, in English for integrators."),
            ["instance"] = Text("The request the problem is about."),
        };
        if (withErrors)
            properties["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object, Description = "For each field at fault, what is wrong with it.",
                AdditionalProperties = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String },
                },
            };
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object, Properties = properties, Required = new HashSet<string> { "title", "status" },
            Description = withErrors ? "A problem naming the fields at fault." : "An RFC 9457 problem.",
        };
    }

    private static OpenApiSchema Text(string description) =>
        new() { Type = JsonSchemaType.String, Description = description };
}
