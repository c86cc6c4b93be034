namespace RelocationPlanner.Core.Scoring;

/// <summary>
/// A regular grid in lon/lat degrees: cell (i, j) spans [MinLon + i·DLon, MinLon + (i+1)·DLon] ×
/// [MinLat + j·DLat, MinLat + (j+1)·DLat]; cells are numbered row-major from the south-west,
/// index = j·Columns + i. Used by the suitability surface, which scores every cell centre.
/// </summary>
public sealed record LonLatGrid(double MinLon, double MinLat, double DLon, double DLat, int Columns, int Rows)
{
    /// <summary>Number of cells.</summary>
    public int Count => Columns * Rows;

    /// <summary>Longitude of the centres of column <paramref name="i"/>.</summary>
    public double CentreLon(int i) => MinLon + (i + 0.5) * DLon;

    /// <summary>Latitude of the centres of row <paramref name="j"/>.</summary>
    public double CentreLat(int j) => MinLat + (j + 0.5) * DLat;
}
