using System.Buffers.Binary;
using System.IO.Hashing;
using NetVips;

namespace OcopTrade.Tests.Images;

/// <summary>The photos and the bad input the tests upload, made on the fly so nothing binary is committed.</summary>
public static class TestImages
{
    public static byte[] Jpeg(int width = 640, int height = 480)
    {
        using var black = Image.Black(width, height, bands: 3);
        using var coloured = black.Linear(new double[] { 1, 1, 1 }, new double[] { 200, 120, 40 });
        using var image = coloured.Cast(Enums.BandFormat.Uchar);
        return image.JpegsaveBuffer(q: 85);
    }

    public static byte[] Png(int width = 300, int height = 200)
    {
        using var black = Image.Black(width, height, bands: 3);
        using var image = black.Linear(new double[] { 1, 1, 1 }, new double[] { 20, 160, 60 }).Cast(Enums.BandFormat.Uchar);
        return image.PngsaveBuffer();
    }

    /// <summary>A landscape sensor frame tagged "rotate 90° clockwise" (EXIF orientation 6), with the farm's GPS position.</summary>
    public static byte[] RotatedWithGps()
    {
        using var black = Image.Black(640, 480, bands: 3);
        using var baseImage = black.Linear(new double[] { 1, 1, 1 }, new double[] { 90, 140, 200 }).Cast(Enums.BandFormat.Uchar);
        using var tagged = baseImage.Mutate(m =>
        {
            m.Set(GValue.GIntType, "orientation", 6);
            m.Set(GValue.GStrType, "exif-ifd3-GPSLatitudeRef", "N");
            m.Set(GValue.GStrType, "exif-ifd3-GPSLatitude", "22/1 20/1 0/1");
            m.Set(GValue.GStrType, "exif-ifd3-GPSLongitudeRef", "E");
            m.Set(GValue.GStrType, "exif-ifd3-GPSLongitude", "103/1 50/1 0/1");
        });
        return tagged.JpegsaveBuffer(q: 85);
    }

    public static byte[] Cmyk()
    {
        using var black = Image.Black(400, 300, bands: 3);
        using var rgb = black.Linear(new double[] { 1, 1, 1 }, new double[] { 30, 160, 90 }).Cast(Enums.BandFormat.Uchar);
        using var cmyk = rgb.Colourspace(Enums.Interpretation.Cmyk);
        return cmyk.JpegsaveBuffer(q: 90);
    }

    public static byte[] Png16WithAlpha()
    {
        using var black = Image.Black(300, 200, bands: 4);
        using var image = black.Linear(new double[] { 1, 1, 1, 1 }, new double[] { 50000, 20000, 10000, 32768 }).Cast(Enums.BandFormat.Ushort)
            .Copy(interpretation: Enums.Interpretation.Rgb16);
        return image.PngsaveBuffer(bitdepth: 16);
    }

    /// <summary>Three frames stacked, as libvips represents an animation.</summary>
    public static byte[] AnimatedWebP()
    {
        var frames = new[] { (255, 0, 0), (0, 255, 0), (0, 0, 255) }.Select(c =>
            Image.Black(200, 150, bands: 3).Linear(new double[] { 1, 1, 1 }, new double[] { c.Item1, c.Item2, c.Item3 }).Cast(Enums.BandFormat.Uchar)).ToArray();
        using var strip = Image.Arrayjoin(frames, across: 1);
        using var animation = strip.Mutate(m =>
        {
            m.Set(GValue.GIntType, "page-height", 150);
            m.Set(GValue.ArrayIntType, "delay", new[] { 100, 100, 100 });
            m.Set(GValue.GIntType, "loop", 0);
        });
        foreach (var f in frames) f.Dispose();
        return animation.WebpsaveBuffer(q: 90);
    }

    public static byte[] Truncated(byte[] jpeg) => jpeg[..(jpeg.Length / 2)];

    public static byte[] Svg => "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><script>alert(1)</script></svg>"u8.ToArray();

    /// <summary>A PNG that claims 30 000 × 30 000 pixels in a few dozen bytes: only its header may ever be read.</summary>
    public static byte[] DecompressionBomb(int side = 30_000)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(0), side);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), side);
        ihdr[8] = 8; ihdr[9] = 2; // 8-bit RGB
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        var typeAndData = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        s.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32(typeAndData));
        s.Write(crc);
    }
}
