using System.Globalization;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using RelocationPlanner.Core.Features;
using SkiaSharp;

namespace RelocationPlanner.Api.Field;

/// <summary>What the file itself says: EXIF's original time (local, as the camera wrote it) and GPS position.</summary>
public sealed record ExifFacts(DateTime? TakenAtLocal, double? Lon, double? Lat);

/// <summary>A photo that passed the checks: its real type and size, a JPEG thumbnail, and its EXIF.</summary>
public sealed record CheckedPhoto(string MediaType, int Width, int Height, byte[] Thumbnail, ExifFacts? Exif);

/// <summary>The limits photos are held to (settings RP_EVIDENCE_*).</summary>
public sealed record PhotoLimits(long MaxBytes, long MaxPixels, int MaxSide)
{
    public static PhotoLimits From(IConfiguration c) => new(
        c.GetValue("RP_EVIDENCE_MAX_BYTES", 12L * 1024 * 1024),
        c.GetValue("RP_EVIDENCE_MAX_PIXELS", 40_000_000L),
        c.GetValue("RP_EVIDENCE_MAX_SIDE", 10_000));
}

/// <summary>
/// Checks an uploaded photo by its content, never its name or declared type: JPEG or PNG by
/// signature; the header's dimensions read and refused when huge BEFORE any pixel is decoded (an
/// image bomb of a few KB can declare 60,000 x 60,000 pixels); then the whole image decoded (a
/// damaged or truncated file is refused) at the smallest scale the codec offers for the thumbnail.
/// EXIF is read for the comparison with the declared position and time; the stored file keeps it.
/// </summary>
public static class Photos
{
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";
    public const int ThumbnailSide = 256;

    static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static string? Sniff(ReadOnlySpan<byte> data) =>
        data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF ? Jpeg
        : data.StartsWith(PngSignature) ? Png
        : null;

    public static (CheckedPhoto? Photo, FieldError? Error, bool TooLarge) Check(byte[] data, PhotoLimits limits)
    {
        if (data.Length > limits.MaxBytes)
            return (null, new("photo", Rules.MaxSize, $"The photo is {data.Length:N0} bytes; at most {limits.MaxBytes:N0} are taken."), true);
        var mediaType = Sniff(data);
        if (mediaType is null)
            return (null, new("photo", Rules.MediaType, "The photo is not a JPEG or PNG image (judged by its content)."), false);
        using var stream = new SKMemoryStream(data);
        using var codec = SKCodec.Create(stream, out var opened);
        if (codec is null || opened != SKCodecResult.Success)
            return (null, new("photo", Rules.Unreadable, $"The photo's {Name(mediaType)} header cannot be read ({opened})."), false);
        if (codec.EncodedFormat != (mediaType == Jpeg ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Png))
            return (null, new("photo", Rules.MediaType, "The photo's content is not the JPEG or PNG its signature says."), false);
        var (w, h) = (codec.Info.Width, codec.Info.Height);
        if (w <= 0 || h <= 0)
            return (null, new("photo", Rules.Unreadable, "The photo has no pixels."), false);
        if (w > limits.MaxSide || h > limits.MaxSide || (long)w * h > limits.MaxPixels)
            return (null, new("photo", Rules.ImageDimensions,
                $"The photo declares {w} x {h} pixels; at most {limits.MaxSide} per side and {limits.MaxPixels:N0} in all are taken (refused before decoding)."), true);

        // Decode everything (so damaged data is refused), at the codec's smallest scale not below the thumbnail.
        var scale = Math.Min(1f, (float)ThumbnailSide / Math.Max(w, h));
        var size = codec.GetScaledDimensions(scale);
        using var bitmap = new SKBitmap(new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var decoded = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
        if (decoded != SKCodecResult.Success)
            return (null, new("photo", Rules.Unreadable, $"The photo's image data is damaged or incomplete ({decoded})."), false);
        return (new CheckedPhoto(mediaType, w, h, Thumbnail(bitmap, codec.EncodedOrigin), ReadExif(data)), null, false);
    }

    static string Name(string mediaType) => mediaType == Jpeg ? "JPEG" : "PNG";

    /// <summary>A JPEG whose longest side is <see cref="ThumbnailSide"/>, turned upright as EXIF says.</summary>
    static byte[] Thumbnail(SKBitmap decoded, SKEncodedOrigin origin)
    {
        var f = Math.Min(1f, (float)ThumbnailSide / Math.Max(decoded.Width, decoded.Height));
        int tw = Math.Max(1, (int)Math.Round(decoded.Width * f)), th = Math.Max(1, (int)Math.Round(decoded.Height * f));
        using var small = decoded.Resize(new SKImageInfo(tw, th, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
        var turn = origin switch { SKEncodedOrigin.BottomRight => 180, SKEncodedOrigin.RightTop => 90, SKEncodedOrigin.LeftBottom => 270, _ => 0 };
        var (ow, oh) = turn is 90 or 270 ? (th, tw) : (tw, th);
        using var upright = new SKBitmap(new SKImageInfo(ow, oh, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(upright))
        {
            canvas.Clear(SKColors.White);
            canvas.Translate(ow / 2f, oh / 2f);
            canvas.RotateDegrees(turn);
            canvas.Translate(-tw / 2f, -th / 2f);
            canvas.DrawBitmap(small, 0, 0);
        }
        using var image = SKImage.FromBitmap(upright);
        using var jpeg = image.Encode(SKEncodedImageFormat.Jpeg, 80);
        return jpeg.ToArray();
    }

    /// <summary>EXIF's time and GPS position, or null when the file has neither (unreadable EXIF counts as none).</summary>
    public static ExifFacts? ReadExif(byte[] data)
    {
        try
        {
            var dirs = ImageMetadataReader.ReadMetadata(new MemoryStream(data, writable: false));
            var gps = dirs.OfType<GpsDirectory>().FirstOrDefault()?.GetGeoLocation();
            DateTime? taken = null;
            var sub = dirs.OfType<ExifSubIfdDirectory>().FirstOrDefault();
            if (sub is not null && sub.TryGetDateTime(ExifDirectoryBase.TagDateTimeOriginal, out var t)) taken = DateTime.SpecifyKind(t, DateTimeKind.Unspecified);
            if (gps is null && taken is null) return null;
            return new ExifFacts(taken, gps is { IsZero: false } ? gps.Longitude : null, gps is { IsZero: false } ? gps.Latitude : null);
        }
        catch (Exception e) when (e is ImageProcessingException or IOException or ArgumentException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>The EXIF time as UTC: cameras write local time without a zone; China keeps UTC+8 all year.</summary>
    public static DateTimeOffset? ExifUtc(ExifFacts? exif) =>
        exif?.TakenAtLocal is { } t ? new DateTimeOffset(t, TimeSpan.FromHours(8)) : null;

    public static string Iso(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
