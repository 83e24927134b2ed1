namespace Beacon.Web.Tests.Infrastructure;

/// <summary>The two databases Beacon runs on; every storage-touching test runs on both.</summary>
public enum DatabaseKind { Sqlite, Postgres }
