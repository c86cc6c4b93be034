using System.Text.Json;

namespace RelocationPlanner.Api.Hosting;

/// <summary>
/// What the OpenAPI document says about bodies and refusals that the handler's return type cannot
/// tell. Bodies are described (<see cref="DocumentedBody"/>, written into the document by
/// <see cref="ApiReference"/>), neither bound nor declared with Accepts: Accepts also routes by
/// Content-Type and would answer 415 before the handler. The handler still reads every body through
/// <see cref="JsonBody"/> or its CSV/upload reader, so strict JSON checks and field-path problems
/// stay the same; the record is only the shape the document shows.
/// </summary>
public static class EndpointDocs
{
    /// <summary>A JSON body shaped like <typeparamref name="T"/> (or the other content types given): 400 when invalid, 415 when not JSON.</summary>
    public static RouteHandlerBuilder ReadsJson<T>(this RouteHandlerBuilder b, params string[] contentTypes) where T : notnull =>
        b.WithMetadata(new DocumentedBody(typeof(T), contentTypes.Length == 0 ? ["application/json"] : contentTypes))
            .Refuses(StatusCodes.Status400BadRequest, StatusCodes.Status415UnsupportedMediaType);

    /// <summary>A JSON body that may be left out.</summary>
    public static RouteHandlerBuilder ReadsOptionalJson<T>(this RouteHandlerBuilder b) where T : notnull =>
        b.WithMetadata(new DocumentedBody(typeof(T), ["application/json"], Required: false))
            .Refuses(StatusCodes.Status400BadRequest, StatusCodes.Status415UnsupportedMediaType);

    /// <summary>A CSV body read as a stream: 400 naming the row, 415 when not declared as CSV, 413 over the size limit.</summary>
    public static RouteHandlerBuilder ReadsCsv(this RouteHandlerBuilder b) =>
        b.WithMetadata(new DocumentedBody(typeof(Stream), ["text/csv"])).Refuses(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);

    /// <summary>The problem+json answers (RFC 7807, naming the field) the handler gives besides its typed results.</summary>
    public static RouteHandlerBuilder Refuses(this RouteHandlerBuilder b, params int[] statuses)
    {
        foreach (var s in statuses) b.ProducesProblem(s);
        return b;
    }

    /// <summary>A GeoJSON Feature body (application/geo+json or application/json), read by the one GeoJSON reader.</summary>
    public static RouteHandlerBuilder ReadsGeoJson(this RouteHandlerBuilder b) =>
        b.ReadsJson<GeoJsonFeatureBody>("application/geo+json", "application/json");

    /// <summary>
    /// An import: a multipart form (<see cref="Import.ImportForm"/>) or a GeoJSON FeatureCollection body;
    /// 200 when imported at once, 202 with the job when large; problems name the row and field.
    /// </summary>
    public static RouteHandlerBuilder DocumentImport(this RouteHandlerBuilder b) =>
        b.WithMetadata(new DocumentedBody(typeof(Import.ImportForm), ["multipart/form-data"]), new DocumentedBody(typeof(GeoJsonCollectionBody), ["application/geo+json"]))
            .Refuses(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);

    /// <summary>
    /// An OGC API resource: its members are OGC's (the standard's schemas, listed in /ogc/api), so
    /// the document names the encodings rather than copying them; 400 for a bad parameter, 404 for an unknown id.
    /// </summary>
    public static RouteHandlerBuilder AnswersOgc(this RouteHandlerBuilder b, string contentType, params string[] more) =>
        b.Produces<JsonElement>(StatusCodes.Status200OK, contentType, more).Refuses(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

    /// <summary>A binary answer (a tile, a file download) of the given content type.</summary>
    public static RouteHandlerBuilder AnswersBytes(this RouteHandlerBuilder b, string contentType) =>
        b.Produces<Stream>(StatusCodes.Status200OK, contentType);

    /// <summary>A report answered as <typeparamref name="T"/> in JSON, or as the same rows in CSV or XLSX (<c>format</c>); 400 naming a bad parameter.</summary>
    public static RouteHandlerBuilder AnswersTable<T>(this RouteHandlerBuilder b) where T : notnull =>
        b.Produces<T>(StatusCodes.Status200OK).Refuses(StatusCodes.Status400BadRequest)
            .WithDescription("`format=json` (default) answers the document; `format=csv` or `format=xlsx` downloads the same rows (text/csv with a byte-order mark, or an Excel workbook).");
}

/// <summary>A GeoJSON Feature as the document shows it (the body is read by the one GeoJSON reader, which checks the geometry).</summary>
public sealed record GeoJsonFeatureBody(string Type, JsonElement? Id, JsonElement Geometry, Dictionary<string, JsonElement>? Properties);

/// <summary>A GeoJSON FeatureCollection as the document shows it.</summary>
public sealed record GeoJsonCollectionBody(string Type, IReadOnlyList<GeoJsonFeatureBody> Features);

/// <summary>A request body as the document shows it: its shape and content types (several on one endpoint add up).</summary>
public sealed record DocumentedBody(Type Type, string[] ContentTypes, bool Required = true);
