namespace DualHub.Hub.Query;

/// <summary>A Prometheus API error answer: HTTP status, <c>errorType</c> and <c>error</c>.</summary>
public readonly record struct ApiError(int Status, string ErrorType, string Message);
