using System.Security.Cryptography;
using System.Text;

namespace TalentMatch.Web.Infrastructure;

/// <summary>
/// Name-based (RFC 9562 version 5) ids for taxonomy concepts. The seed taxonomy and an ESCO import derive
/// a concept's id from the same ESCO URI, so both name one row, and a second import finds every row again.
/// </summary>
public static class ConceptIds
{
    // A namespace of our own, so our ids never collide with other UUIDv5 users of the same URIs.
    static readonly Guid Namespace = new("6f1c1f5e-3d2a-4b7e-9a51-2d6a4c8e0b17");

    public static Guid ForSkill(string? escoUri, string? code) => FromName(escoUri ?? $"talentmatch:skill:{code}");

    public static Guid ForOccupation(string? escoUri, string? code) => FromName(escoUri ?? $"talentmatch:occupation:{code}");

    public static Guid ForSkillGroup(string uri) => FromName(uri);

    public static Guid FromName(string name)
    {
        Span<byte> namespaceBytes = stackalloc byte[16];
        Namespace.TryWriteBytes(namespaceBytes, bigEndian: true, out _);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        namespaceBytes.CopyTo(input);
        nameBytes.CopyTo(input.AsSpan(16));
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 prescribes for version 5; this is naming, not security.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
