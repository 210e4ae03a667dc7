using System.Net;

namespace CodeTether.Webhooks.Safety;

public class RefusedAddressException(string host, IEnumerable<IPAddress> addresses) : Exception(
    $"Refused: {host} resolves to {string.Join(", ", addresses.Select(a => $"{a} ({AddressPolicy.Classify(a)})"))}, " +
    "which webhooks may not reach (Webhooks:AllowedNetworks).");
