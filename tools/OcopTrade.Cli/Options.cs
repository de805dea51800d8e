namespace OcopTrade.Cli;

/// <summary>The command line: a command, its file or format, and --url/--key (or OCOP_URL/OCOP_KEY).</summary>
public sealed record Options(string? Command, string? Argument, string? Url, string? Key, bool AllOrNothing, string? Out, TimeSpan Poll, string? Error)
{
    public const string Usage = """
        Cách dùng (usage):
          ocop import <file.csv|file.xlsx> --url <https://máy-chủ> --key <khóa API> [--all-or-nothing] [--poll-ms 500]
          ocop template <csv|xlsx> [--out <file>] --url … --key …
          ocop rebuild-rollups --url … --key …          (admin)
        --url và --key có thể đặt trong biến môi trường OCOP_URL và OCOP_KEY.
        """;

    private static readonly string[] Commands = ["import", "template", "rebuild-rollups"];

    public static Options Parse(string[] args)
    {
        string? command = null, argument = null, url = Environment.GetEnvironmentVariable("OCOP_URL"), key = Environment.GetEnvironmentVariable("OCOP_KEY"), output = null;
        var allOrNothing = false;
        var poll = TimeSpan.FromMilliseconds(500);
        for (var i = 0; i < args.Length; i++)
        {
            string? Next() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--url": url = Next(); break;
                case "--key": key = Next(); break;
                case "--out": output = Next(); break;
                case "--all-or-nothing": allOrNothing = true; break;
                case "--poll-ms" when int.TryParse(Next(), out var ms) && ms > 0: poll = TimeSpan.FromMilliseconds(ms); break;
                case var a when a.StartsWith("--", StringComparison.Ordinal): return Fail($"Unknown option {a}.");
                case var a when command is null: command = a; break;
                case var a when argument is null: argument = a; break;
                default: return Fail($"Unexpected argument {args[i]}.");
            }
        }
        if (command is null) return Fail(null);
        if (!Commands.Contains(command)) return Fail($"Unknown command {command}.");
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out _)) return Fail("Give the server with --url (or OCOP_URL).");
        if (string.IsNullOrWhiteSpace(key)) return Fail("Give your API key with --key (or OCOP_KEY).");
        if (command == "import" && argument is null) return Fail("Say which file to import.");
        if (command == "template" && argument is not ("csv" or "xlsx")) return Fail("template takes csv or xlsx.");
        return new(command, argument, url, key, allOrNothing, output, poll, null);

        Options Fail(string? error) => new(null, null, null, null, false, null, poll, error ?? "");
    }
}
