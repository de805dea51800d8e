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
