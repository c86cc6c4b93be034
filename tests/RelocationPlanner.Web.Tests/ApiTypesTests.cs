using System.Diagnostics;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Web.Tests;

/// <summary>
/// The web client's API types (src/RelocationPlanner.Web/src/generated/openapi.ts) are generated
/// from the service's OpenAPI document by openapi-typescript, never written by hand: this fails when
/// the committed file is not what the generator makes of the running service's document today.
/// </summary>
[Collection("web")]
public sealed class ApiTypesTests(BrowserFixture fx)
{
    static readonly string Web = Path.Combine(TestDatabase.RepoRoot, "src", "RelocationPlanner.Web");

    [Fact]
    public async Task The_generated_API_types_match_the_services_OpenAPI_document()
    {
        var dir = Directory.CreateTempSubdirectory("rp-openapi-");
        try
        {
            var json = Path.Combine(dir.FullName, "v1.json");
            await File.WriteAllTextAsync(json, await fx.Service.Http.GetStringAsync("/openapi/v1.json"));
            var output = Path.Combine(dir.FullName, "openapi.ts");
            var generator = Path.Combine(Web, "node_modules", ".bin", "openapi-typescript");
            Assert.True(File.Exists(generator), "openapi-typescript is missing: run tools/build-web (npm ci).");
            var psi = new ProcessStartInfo(generator) { WorkingDirectory = Web, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { json, "--output", output }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            await p.StandardOutput.ReadToEndAsync();
            await p.WaitForExitAsync();
            Assert.True(p.ExitCode == 0, await stderr);
            var committed = await File.ReadAllTextAsync(Path.Combine(Web, "src", "generated", "openapi.ts"));
            Assert.True(committed == await File.ReadAllTextAsync(output),
                "src/RelocationPlanner.Web/src/generated/openapi.ts is stale: start the service (tools/run) and run `npm run api-types` in src/RelocationPlanner.Web, then commit the file.");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
