namespace RelocationPlanner.Data;

internal static class Placeholder;
