namespace OcopTrade.Functions.Linkage;

/// <summary>Why a state change was refused: a field of the request is wrong, the caller is a party that may not make
/// this change, or the record is no longer in a state that allows it.</summary>
public enum Refusal { None, Invalid, NotYours, Conflict }

/// <summary>The answer of a pure state change (a buyer verified, an enquiry answered, a deal confirmed): the record
/// it becomes, or why not.</summary>
public sealed record StateChange<T>(T? Next, Refusal Refusal, string? Field, string? Reason) where T : class
{
    public static StateChange<T> To(T next) => new(next, Refusal.None, null, null);

    public static StateChange<T> Invalid(string field, string reason) => new(null, Refusal.Invalid, field, reason);

    public static StateChange<T> NotYours(string reason) => new(null, Refusal.NotYours, null, reason);

    public static StateChange<T> Conflict(string reason) => new(null, Refusal.Conflict, null, reason);

    public bool Refused => Refusal != Refusal.None;
}
