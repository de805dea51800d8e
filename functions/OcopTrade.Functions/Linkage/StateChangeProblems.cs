using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Linkage;

/// <summary>A refused <see cref="StateChange{T}"/> as the API answers it: 400 naming the field, 403, or 409.</summary>
public static class StateChangeProblems
{
    public static ProblemHttpResult Of<T>(StateChange<T> change) where T : class => change.Refusal switch
    {
        Refusal.Invalid => Problems.Invalid(change.Field!, change.Reason!),
        Refusal.NotYours => Problems.Forbidden(change.Reason!),
        _ => Problems.Conflict(change.Reason!),
    };
}
