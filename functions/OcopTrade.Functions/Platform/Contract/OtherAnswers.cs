using Microsoft.OpenApi;

namespace OcopTrade.Functions.Platform.Contract;

/// <summary>Answers that are not JSON (pages, CSV, spreadsheets, labels), declared on the endpoint so the document
/// lists their content types: text for <c>text/*</c>, bytes for the rest.</summary>
public static class OtherAnswers
{
    public sealed record Answer(int Status, IReadOnlyList<string> ContentTypes);

    public static TBuilder Answers<TBuilder>(this TBuilder builder, int status, params string[] contentTypes)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new Answer(status, contentTypes));

    /// <summary>A page for people: HTML when found and when not (a phone that scanned a label reads the 404).</summary>
    public static TBuilder AnswersPage<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.Answers(200, "text/html").Answers(404, "text/html");

    public static OpenApiResponse Response(Answer answer) => new()
    {
        Description = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(answer.Status),
        Content = answer.ContentTypes.ToDictionary(t => t, t => new OpenApiMediaType
        {
            Schema = t.StartsWith("text/")
                ? new OpenApiSchema { Type = JsonSchemaType.String }
                : new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
        }),
    };
}
