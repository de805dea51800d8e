using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Traceability;

/// <summary>Two QR decoders we did not write: zbarimg (Debian zbar-tools) and zxing-cpp (Debian python3-zxing-cpp,
/// run with the system Python that package installs into).</summary>
public static class QrDecoders
{
    private const string ZxingScript = """
        import sys, zxingcpp
        from PIL import Image
        for name in sys.argv[1:]:
            found = zxingcpp.read_barcodes(Image.open(name))
            print(found[0].text if found else "")
        """;

    public static async Task<string> ZbarAsync(string file)
    {
        var zbar = await Command.RunAsync("zbarimg", ["--raw", "-q", file]);
        Assert.True(zbar.ExitCode == 0, $"zbarimg could not read {file}: {zbar.Error}");
        return zbar.Output.Trim();
    }

    /// <summary>What zxing-cpp reads in each file, in order ("" where it found nothing).</summary>
    public static async Task<string[]> ZxingAsync(IReadOnlyList<string> files)
    {
        var zxing = await Command.RunAsync("/usr/bin/python3", ["-c", ZxingScript, .. files]);
        Assert.True(zxing.ExitCode == 0, $"zxing-cpp failed: {zxing.Error}");
        return zxing.Output.Split('\n')[..files.Count];
    }

    /// <summary>Writes a PNG to a temporary file for the decoders.</summary>
    public static async Task<string> SaveAsync(byte[] png, string folder)
    {
        var file = Path.Combine(folder, $"label-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(file, png);
        return file;
    }
}
