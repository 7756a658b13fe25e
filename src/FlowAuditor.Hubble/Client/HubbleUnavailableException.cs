namespace FlowAuditor.Hubble.Client;

/// <summary>The Hubble server could not be reached or kept failing for the configured number of attempts.</summary>
public sealed class HubbleUnavailableException(string message, Exception? innerException) : Exception(message, innerException);
