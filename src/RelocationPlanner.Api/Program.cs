using RelocationPlanner.Api.Export;
using RelocationPlanner.Api.Features;
using RelocationPlanner.Api.Hosting;
using RelocationPlanner.Api.Jobs;
using RelocationPlanner.Api.Ogc;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

var app = builder.Build();
app.UseServiceDefaults();
app.MapOgcApi();
app.MapFeaturesApi();
app.MapJobsApi();
app.MapExportApi();
app.Run();

/// <summary>Entry point, visible to the API tests' WebApplicationFactory.</summary>
public partial class Program;
