using System.Collections.Frozen;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OcopTrade.Functions.Platform.Contract;

/// <summary>Completes each operation of the document from what the app knows: its function's name as
/// operationId, a description, every error status it can answer (<see cref="ApiAnswers"/>) as problem+json, a
/// requestBody for the bodies a handler reads itself (files, CSV, XLSX, photos) and the If-Match header.</summary>
public sealed class ApiOperations : IOpenApiOperationTransformer
{
    private static readonly FrozenDictionary<string, string> FunctionNames = HttpFunction
        .All(typeof(ApiOperations).Assembly)
        .SelectMany(f => f.Methods.Select(m => (Key: Key(m, f.Route), f.Name)))
        .DistinctBy(p => p.Key).ToFrozenDictionary(p => p.Key, p => p.Name);

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context,
        CancellationToken cancellationToken)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var route = description.RelativePath ?? "";
        operation.OperationId = FunctionNames.GetValueOrDefault(Key(description.HttpMethod ?? "GET", route));
        operation.Description ??= operation.Summary ?? operation.OperationId;
        DescribeFileBody(operation, metadata);
        DescribeAnswers(operation, metadata, route, context.Document);
        return Task.CompletedTask;
    }

    /// <summary>The statuses the policy and the handler can answer: problems, unless the endpoint declares an
    /// answer of another type for that status (<see cref="OtherAnswers"/>).</summary>
    private static void DescribeAnswers(OpenApiOperation operation, IList<object> metadata, string route,
        OpenApiDocument? document)
    {
        var shape = ApiAnswers.Shape(metadata.ToList(), route, operation.Parameters is { Count: > 0 },
            operation.RequestBody is not null);
        if (shape.RequiresIfMatch) AddIfMatch(operation);
        var statuses = ApiAnswers.Of(shape);
        statuses.UnionWith(metadata.OfType<IProducesResponseTypeMetadata>().Select(p => p.StatusCode)
            .Where(s => s >= 400));
        var others = metadata.OfType<OtherAnswers.Answer>().ToList();
        // A status the endpoint declares both ways (the resolver's 404: a page for a phone, a problem for a client
        // that asked for JSON) keeps both.
        var problemsToo = metadata.OfType<IProducesResponseTypeMetadata>()
            .Where(p => p.ContentTypes.Contains(ProblemAnswers.ContentType)).Select(p => p.StatusCode).ToHashSet();
        statuses.ExceptWith(others.Select(a => a.Status).Where(s => !problemsToo.Contains(s)));
        AddProblems(operation, statuses, document);
        foreach (var answer in others) AddOther(operation, answer);
    }

    private static void AddOther(OpenApiOperation operation, OtherAnswers.Answer answer)
    {
        var response = OtherAnswers.Response(answer);
        if (operation.Responses!.TryGetValue(answer.Status.ToString(), out var own) && own is OpenApiResponse problem
            && problem.Content is { } content)
            foreach (var (type, media) in response.Content!) content[type] = media;
        else operation.Responses[answer.Status.ToString()] = response;
    }

    /// <summary>Bodies a handler reads itself (<see cref="FileBodies.TakesFile"/>): bytes of those types; a
    /// multipart form carries the file in its <c>file</c> field.</summary>
    private static void DescribeFileBody(OpenApiOperation operation, IList<object> metadata)
    {
        if (metadata.OfType<FileBodies.FileBody>().LastOrDefault() is not { } file) return;
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = file.ContentTypes.ToDictionary(t => t, t => new OpenApiMediaType { Schema = RawBody(t) }),
        };
    }

    private static OpenApiSchema RawBody(string contentType) => contentType.StartsWith("multipart/")
        ? new OpenApiSchema
        {
            Type = JsonSchemaType.Object, Required = new HashSet<string> { "file" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
            },
        }
        : new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };

    private static void AddIfMatch(OpenApiOperation operation)
    {
        operation.Parameters ??= [];
        if (operation.Parameters.Any(p => p.Name == "If-Match")) return;
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "If-Match", In = ParameterLocation.Header,
            Description = "The ETag you read: 428 without it, 412 when someone changed the resource since.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
    }

    private static void AddProblems(OpenApiOperation operation, IEnumerable<int> statuses, OpenApiDocument? document)
    {
        operation.Responses ??= new OpenApiResponses();
        foreach (var status in statuses)
        {
            // An answer the endpoint describes itself in another type (the health report's 503) stands.
            if (operation.Responses.TryGetValue(status.ToString(), out var own) && own.Content is { Count: > 0 } types
                && !types.ContainsKey(ProblemAnswers.ContentType)) continue;
            operation.Responses[status.ToString()] = ProblemAnswers.Response(status, document);
        }
    }

    private static string Key(string method, string route) =>
        method.ToUpperInvariant() + " " + route.Trim('/').Replace("?}", "}").ToLowerInvariant();
}
