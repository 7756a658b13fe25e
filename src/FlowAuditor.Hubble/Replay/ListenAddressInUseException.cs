namespace FlowAuditor.Hubble.Replay;

/// <summary>Another process already listens on the address a server was told to use.</summary>
public sealed class ListenAddressInUseException(string address, Exception inner)
    : IOException($"cannot listen on {address}: the address is already in use", inner);
