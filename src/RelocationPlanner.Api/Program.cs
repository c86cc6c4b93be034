using RelocationPlanner.Api.Features;
using RelocationPlanner.Api.Hosting;
using RelocationPlanner.Api.Jobs;
using RelocationPlanner.Api.Ogc;
using RelocationPlanner.Api.Scoring;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddScoring();

var app = builder.Build();
app.UseServiceDefaults();
app.MapOgcApi();
app.MapFeaturesApi();
app.MapJobsApi();
app.MapScoringApi();
app.Run();

/// <summary>Entry point, visible to the API tests' WebApplicationFactory.</summary>
public partial class Program;
