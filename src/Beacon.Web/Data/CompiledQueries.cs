using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Beacon.Web.Data;

/// <summary>
/// The compiled queries of a class, one set per model: a compiled query serves the model it was first run with, and
/// one process may hold SQLite and PostgreSQL apps side by side (the tests do). Queries every request runs are compiled
/// so that a request pays no LINQ translation or query-cache look-up.
/// </summary>
public static class CompiledQueries<T> where T : class, new()
{
    private static readonly ConditionalWeakTable<IModel, T> ByModel = new();

    public static T For(DbContext db) => ByModel.GetValue(db.Model, static _ => new T());
}
