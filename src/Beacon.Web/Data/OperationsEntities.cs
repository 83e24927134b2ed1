using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Data;

/// <summary>
/// Failed sign-ins counted under one key: an account (the e-mail address as typed, normalised), a client address or a
/// known device (docs/security.md, "Signing in"). The key is a SHA-256 digest, so addresses that were only tried are not
/// stored. Kept in the database so that every app instance counts the same failures.
/// </summary>
public sealed class SignInThrottle
{
    public required string Key { get; set; }
    public int Failures { get; set; }
    public DateTimeOffset LastFailureAt { get; set; }
}

public static class OperationsModel
{
    /// <summary>The sign-in counters and the Data Protection key ring (shared by every app instance).</summary>
    public static void Configure(ModelBuilder b)
    {
        b.Entity<SignInThrottle>(e =>
        {
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasMaxLength(64);
        });
        b.Entity<DataProtectionKey>();
    }
}
