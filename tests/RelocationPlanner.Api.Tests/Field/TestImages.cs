using System.Buffers.Binary;
using SkiaSharp;

namespace RelocationPlanner.Api.Tests.Field;

/// <summary>Photos made in the test: drawn with Skia, with an EXIF GPS block written by hand when asked, or bent into an image bomb.</summary>
public static class TestImages
{
    public static byte[] Jpeg(int width = 800, int height = 600, (double Lon, double Lat)? gps = null)
    {
        var jpeg = Encode(width, height, SKEncodedImageFormat.Jpeg);
        return gps is { } g ? WithExifGps(jpeg, g.Lon, g.Lat) : jpeg;
    }

    public static byte[] Png(int width = 320, int height = 240) => Encode(width, height, SKEncodedImageFormat.Png);

    static byte[] Encode(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(200, 170, 120));
            using var paint = new SKPaint { Color = new SKColor(40, 90, 160) };
            canvas.DrawRect(width / 4f, height / 4f, width / 2f, height / 2f, paint);
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 85);
        return data.ToArray();
    }

    /// <summary>
    /// The JPEG with an APP1 Exif segment right after SOI holding only a GPS IFD (latitude N,
    /// longitude E as degrees/minutes/seconds rationals), big-endian TIFF.
    /// </summary>
    public static byte[] WithExifGps(byte[] jpeg, double lon, double lat)
    {
        var tiff = new byte[128];
        var s = tiff.AsSpan();
        "MM"u8.CopyTo(s);
        BinaryPrimitives.WriteUInt16BigEndian(s[2..], 42);
        BinaryPrimitives.WriteUInt32BigEndian(s[4..], 8);
        // IFD0: one entry, the GPS IFD pointer (tag 0x8825, LONG) -> 26.
        BinaryPrimitives.WriteUInt16BigEndian(s[8..], 1);
        Entry(s[10..], 0x8825, 4, 1, 26);
        BinaryPrimitives.WriteUInt32BigEndian(s[22..], 0);
        // GPS IFD at 26: four entries, then the rationals at 80 (latitude) and 104 (longitude).
        BinaryPrimitives.WriteUInt16BigEndian(s[26..], 4);
        Entry(s[28..], 0x0001, 2, 2, 0x4E000000); // "N\0"
        Entry(s[40..], 0x0002, 5, 3, 80);
        Entry(s[52..], 0x0003, 2, 2, 0x45000000); // "E\0"
        Entry(s[64..], 0x0004, 5, 3, 104);
        BinaryPrimitives.WriteUInt32BigEndian(s[76..], 0);
        Dms(s[80..], lat);
        Dms(s[104..], lon);

        byte[] header = [0xFF, 0xE1, 0, 0, (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0];
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)(2 + 6 + tiff.Length));
        return [.. jpeg.AsSpan(0, 2), .. header, .. tiff, .. jpeg.AsSpan(2)];
    }

    static void Entry(Span<byte> s, ushort tag, ushort type, uint count, uint value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(s, tag);
        BinaryPrimitives.WriteUInt16BigEndian(s[2..], type);
        BinaryPrimitives.WriteUInt32BigEndian(s[4..], count);
        BinaryPrimitives.WriteUInt32BigEndian(s[8..], value);
    }

    static void Dms(Span<byte> s, double degrees)
    {
        var d = Math.Floor(degrees);
        var m = Math.Floor((degrees - d) * 60);
        var sec = ((degrees - d) * 60 - m) * 60;
        uint[] parts = [(uint)d, 1, (uint)m, 1, (uint)Math.Round(sec * 1000), 1000];
        for (var i = 0; i < 6; i++) BinaryPrimitives.WriteUInt32BigEndian(s[(i * 4)..], parts[i]);
    }

    /// <summary>A small real JPEG whose frame header claims <paramref name="side"/> x <paramref name="side"/> pixels.</summary>
    public static byte[] Bomb(ushort side = 60000)
    {
        var jpeg = Jpeg(64, 64);
        var i = 2;
        while (i + 4 < jpeg.Length)
        {
            var marker = jpeg[i + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2));
            if (marker is >= 0xC0 and <= 0xC2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(i + 5), side);
                BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(i + 7), side);
                return jpeg;
            }
            i += 2 + length;
        }
        throw new InvalidOperationException("No frame header in the JPEG.");
    }
}
