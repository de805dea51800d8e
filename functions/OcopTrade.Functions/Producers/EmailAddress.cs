using System.Net.Mail;

namespace OcopTrade.Functions.Producers;

/// <summary>An e-mail address as people type it, trimmed; mail goes to it, so it must be one address exactly.</summary>
public static class EmailAddress
{
    /// <summary>Null when absent; otherwise the address, or an error under <paramref name="field"/>.</summary>
    public static string? Read(string field, string? value, Platform.FieldErrors errors, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) errors.Add(field, "This field is required.");
            return null;
        }
        var email = value.Trim();
        if (email.Length <= 254 && MailAddress.TryCreate(email, out var parsed) && parsed.Address == email
            && email.Contains('.'))
            return email;
        errors.Add(field, "Not a valid e-mail address.");
        return null;
    }
}
