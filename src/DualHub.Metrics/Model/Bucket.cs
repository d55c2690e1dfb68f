namespace DualHub.Metrics.Model;

/// <summary>One cumulative histogram bucket: the count of observations &lt;= <see cref="UpperBound"/>.</summary>
public readonly record struct Bucket(double UpperBound, double CumulativeCount);
