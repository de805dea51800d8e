namespace OcopTrade.Tests.Support;

public static class Repository
{
    /// <summary>The checkout's root, found from the test binaries upwards.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "OcopTrade.sln"))) return dir.FullName;
        throw new InvalidOperationException("OcopTrade.sln not found above " + AppContext.BaseDirectory);
    }

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);
}
