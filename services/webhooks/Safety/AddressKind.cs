namespace CodeTether.Webhooks.Safety;

public enum AddressKind
{
    Public,
    Loopback,
    Private,
    LinkLocal,
    CloudMetadata,
    Unspecified,
    Multicast,
    Reserved,
}
