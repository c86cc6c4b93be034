namespace RelocationPlanner.Core;

internal static class Placeholder;
