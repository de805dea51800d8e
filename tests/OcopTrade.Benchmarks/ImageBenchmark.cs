using System.Diagnostics;
using NetVips;
using OcopTrade.Functions.Images;
using OcopTrade.Tests.Support;

namespace OcopTrade.Benchmarks;

/// <summary>Our rendition pipeline (<see cref="Renditions.Render"/>, what ProcessImage runs between storage reads and
/// writes) making the seven files from the same originals, in the same run, against: the floor (<see cref="Floor"/>:
/// the least libvips work that yields those seven files, one shrink-on-load decode and the encodes, nothing else);
/// SixLabors.ImageSharp 2.1.13 (the managed alternative, so the choice of NetVips stays measured); and Debian's
/// vipsthumbnail, one process per file as a shell script would. Then peak memory of a separate process rendering
/// four photos at once, and throughput on this machine.
/// Run: dotnet run -c Release --project tests/OcopTrade.Benchmarks -- images [--rounds 5]</summary>
public static class ImageBenchmark
{
    public const string PeakVerb = "images-peak";

    public static async Task<int> RunAsync(int rounds)
    {
        if (!File.Exists("/usr/bin/vipsthumbnail")) { Console.Error.WriteLine("vipsthumbnail is missing: ./scripts/setup.sh vips"); return 1; }
        var dir = Directory.CreateTempSubdirectory("ocop-images-bench-").FullName;
        try
        {
            var inputs = await MakeInputsAsync(dir);
            Console.WriteLine($"\nOcopTrade image benchmark — {Environment.ProcessorCount} cores, libvips {NetVips.NetVips.Version(0)}.{NetVips.NetVips.Version(1)}.{NetVips.NetVips.Version(2)} (NetVips.Native) vs {await VipsVersionAsync()} (Debian)");
            Console.WriteLine("Outputs per image: long edge 320/800/1600 as WebP q80 and JPEG q82, 1000×1000 square on white as JPEG q85; metadata stripped.\n");
            Console.WriteLine($"{"image",-28} {"ours ms",9} {"floor ms",9} {"ours/floor",11} "
                + $"{"ImageSharp ms",14} {"vipsthumbnail ×7 ms",20}");
            var ratios = new List<double>();
            foreach (var (name, path) in inputs)
            {
                var bytes = await File.ReadAllBytesAsync(path);
                // What an upload of this file gets: the same check the API makes before queueing it.
                var ourError = ImageValidation.Check(bytes, new ImageLimits(ImageLimits.DefaultMaxBytes, ImageLimits.DefaultMaxPixels)).Reason;
                await VipsThumbnailAsync(path, dir); // warm both: page cache, JIT, libvips start-up
                if (ourError is not null)
                {
                    var vt = await TimeAsync(rounds, () => VipsThumbnailAsync(path, dir));
                    Console.WriteLine($"{name,-28} {"cannot",9} {"",9} {"—",11} {"",14} {vt,20:F1}   "
                        + $"refused by our pipeline: {ourError}");
                    continue;
                }
                var sharpable = SharpRenditions.CanRead(bytes);
                Floor.Render(bytes);
                Renditions.Render(bytes);
                if (sharpable) SharpRenditions.Render(bytes);
                // Alternate so no side always runs on a warmer or busier machine.
                double ours = 0, floor = 0, sharp = 0, theirs = 0;
                for (var r = 0; r < rounds; r++)
                {
                    ours += await TimeAsync(1, () => { Renditions.Render(bytes); return Task.CompletedTask; });
                    floor += await TimeAsync(1, () => { Floor.Render(bytes); return Task.CompletedTask; });
                    if (sharpable) sharp += await TimeAsync(1, () => Task.Run(() => SharpRenditions.Render(bytes)));
                    theirs += await TimeAsync(1, () => VipsThumbnailAsync(path, dir));
                }
                ours /= rounds; floor /= rounds; sharp /= rounds; theirs /= rounds;
                ratios.Add(ours / floor);
                var sharpText = sharpable ? $"{sharp:F1}" : "cannot";
                Console.WriteLine(
                    $"{name,-28} {ours,9:F1} {floor,9:F1} {ours / floor,10:F2}× {sharpText,14} {theirs,20:F1}");
            }
            var worst = ratios.Max();
            var verdict = worst <= 2 ? "met" : "NOT met";
            Console.WriteLine($"\nRatio ours / floor: worst {worst:F2}× (goal ≤ 2×: {verdict}). "
                + "The floor is one shrink-on-load decode to 1600 px and the seven encodes in the same libvips; "
                + "ours adds the upright size, sRGB, flattening and the dominant colour.");

            var files = inputs.Where(i => i.Name.Contains("JPEG") || i.Name.Contains("PNG")).Select(i => i.Path).ToList();
            var peak = await PeakAsync([files[0], files[0], files.Last(), files[0]]);
            Console.WriteLine($"Peak memory (VmHWM) of a process rendering 4 photos at once (3 × 12 MP JPEG, 1 × 4 MP PNG): {peak / 1024.0 / 1024:F0} MB (goal < 300 MB: {(peak < 300L * 1024 * 1024 ? "met" : "NOT met")})");

            if (inputs.FirstOrDefault(i => i.Name.Contains("HEIC")) is { Path: { } heic })
            {
                var heicPeak = await PeakAsync([heic, heic, heic, heic]);
                Console.WriteLine($"Peak memory rendering 4 × 12 MP HEIC at once: {heicPeak / 1024.0 / 1024:F0} MB (each instance renders at most as many photos at once as it has cores, Images:MaxConcurrentRenders)");
            }

            var jpeg = await File.ReadAllBytesAsync(files[0]);
            var count = Math.Max(8, rounds * 2);
            var clock = Stopwatch.StartNew();
            await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, (_, _) =>
            {
                Renditions.Render(jpeg);
                return ValueTask.CompletedTask;
            });
            Console.WriteLine($"Throughput: {count / clock.Elapsed.TotalMinutes:F0} 12 MP JPEG photos per minute on {Environment.ProcessorCount} cores ({Environment.ProcessorCount} at a time)");
            return 0;
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>The child process: renders the files concurrently, then prints its own peak resident set.</summary>
    public static int Peak(string[] files)
    {
        var originals = files.Select(File.ReadAllBytes).ToArray();
        Parallel.ForEach(originals, new ParallelOptions { MaxDegreeOfParallelism = originals.Length }, o => Renditions.Render(o));
        var hwm = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        Console.WriteLine(long.Parse(hwm.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024);
        return 0;
    }

    private static async Task<long> PeakAsync(IEnumerable<string> files)
    {
        var self = typeof(ImageBenchmark).Assembly.Location;
        var result = await Command.RunAsync("dotnet", [self, PeakVerb, .. files]);
        if (result.ExitCode != 0) throw new InvalidOperationException(result.Error);
        return long.Parse(result.Output.Trim().Split('\n').Last());
    }

    /// <summary>Photo-like content (gradients, texture and noise, so the codecs have real work), made once per run.</summary>
    private static async Task<List<(string Name, string Path)>> MakeInputsAsync(string dir)
    {
        static Image Photo(int width, int height)
        {
            using var xy = Image.Xyz(width, height);
            using var x = xy[0];
            using var y = xy[1];
            using var r = (x * (255.0 / width)).Cast(Enums.BandFormat.Uchar);
            using var g = (y * (255.0 / height)).Cast(Enums.BandFormat.Uchar);
            using var b = ((x + y).Math(Enums.OperationMath.Sin) * 60 + 120).Cast(Enums.BandFormat.Uchar);
            using var rgb = r.Bandjoin(g, b);
            using var noise = Image.Gaussnoise(width, height, sigma: 18, mean: 0);
            return (rgb + noise).Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
        }
        var list = new List<(string, string)>();
        var jpeg = Path.Combine(dir, "photo-12mp.jpg");
        using (var photo = Photo(4000, 3000)) photo.Jpegsave(jpeg, q: 90);
        list.Add(("12 MP JPEG 4000×3000", jpeg));
        var png = Path.Combine(dir, "photo-4mp.png");
        using (var photo = Photo(2310, 1732)) photo.Pngsave(png);
        list.Add(("4 MP PNG 2310×1732", png));
        // NetVips.Native cannot write HEVC; Debian's libvips (libheif + x265) can.
        var heic = Path.Combine(dir, "photo-12mp.heic");
        var made = await Command.RunAsync("vips", ["heifsave", jpeg, heic, "--compression", "hevc", "--Q", "50"]);
        if (made.ExitCode == 0) list.Add(("12 MP HEIC 4000×3000", heic));
        else Console.WriteLine("12 MP HEIC: could not be made here: " + made.Error.Split('\n')[0]);
        return list;
    }

    /// <summary>The same seven files with Debian's tools: one vipsthumbnail per size and format (it writes one size
    /// per run), and the square padded on white by `vips gravity`.</summary>
    private static async Task VipsThumbnailAsync(string input, string dir)
    {
        var outputs = new List<string[]>();
        foreach (var edge in Renditions.LongEdges)
        {
            outputs.Add(["-s", $"{edge}x{edge}>", "-o", Path.Combine(dir, $"vt-w{edge}.webp[Q=80,strip]")]);
            outputs.Add(["-s", $"{edge}x{edge}>", "-o", Path.Combine(dir, $"vt-w{edge}.jpg[Q=82,optimize_coding,interlace,strip]")]);
        }
        outputs.Add(["-s", $"{Renditions.Square}x{Renditions.Square}>", "-o", Path.Combine(dir, "vt-fit.v")]);
        foreach (var arguments in outputs)
        {
            var run = await Command.RunAsync("vipsthumbnail", [input, .. arguments]);
            if (run.ExitCode != 0) throw new InvalidOperationException("vipsthumbnail: " + run.Error);
        }
        var square = await Command.RunAsync("vips", ["gravity", Path.Combine(dir, "vt-fit.v"), Path.Combine(dir, "vt-square.jpg[Q=85,strip]"),
            "centre", $"{Renditions.Square}", $"{Renditions.Square}", "--extend", "background", "--background", "255 255 255"]);
        if (square.ExitCode != 0) throw new InvalidOperationException("vips gravity: " + square.Error);
    }

    private static async Task<string> VipsVersionAsync() => (await Command.RunAsync("vips", ["--version"])).Output.Trim();

    private static async Task<double> TimeAsync(int iterations, Func<Task> work)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++) await work();
        return clock.Elapsed.TotalMilliseconds / iterations;
    }
}
