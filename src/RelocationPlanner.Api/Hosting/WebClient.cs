using Microsoft.Extensions.FileProviders;

namespace RelocationPlanner.Api.Hosting;

/// <summary>
/// Serves the built web clients (Vite output): the planner's map at /, the field app at /field/. Found at RP_WEB_ROOT, else the content root's
/// wwwroot, else the wwwroot beside RelocationPlanner.Api.csproj above the binaries (a dev build).
/// The service starts without it: / then says how to build it.
/// </summary>
public static class WebClient
{
    public static WebApplication UseWebClient(this WebApplication app)
    {
        var root = Find(app.Configuration["RP_WEB_ROOT"], app.Environment.ContentRootPath);
        if (root is null)
        {
            app.Logger.LogWarning("No built web client found (run tools/build-web); / will say so.");
            app.MapGet("/", () => Results.Text(
                "The map client is not built. Run tools/build-web (or set RP_WEB_ROOT to the built folder).", "text/plain; charset=utf-8", statusCode: 503))
                .ExcludeFromDescription();
            return app;
        }
        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = ctx =>
            {
                // Vite names what it puts in /assets/ by content hash: it never changes. The rest
                // keeps its name across builds (the pages, the field app's service worker, manifest
                // and icons) and always revalidates.
                ctx.Context.Response.Headers.CacheControl = ctx.Context.Request.Path.StartsWithSegments("/assets", StringComparison.Ordinal)
                    ? "public, max-age=31536000, immutable" : "no-cache";
            },
        });
        return app;
    }

    static string? Find(string? configured, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return File.Exists(Path.Combine(configured, "index.html")) ? Path.GetFullPath(configured) : null;
        var local = Path.Combine(contentRoot, "wwwroot");
        if (File.Exists(Path.Combine(local, "index.html"))) return local;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RelocationPlanner.Api.csproj")))
                return File.Exists(Path.Combine(dir.FullName, "wwwroot", "index.html")) ? Path.Combine(dir.FullName, "wwwroot") : null;
        return null;
    }
}
