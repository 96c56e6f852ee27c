using System.Linq.Expressions;

namespace Cairn.Web.Platform.Admin;

/// <summary>
/// The rows of another registered entity that point at an object (a post's comments, a list's tasks), shown
/// under its change form: the newest few named and linked, each with a box to remove it, and one blank row to
/// add another with <see cref="Fields"/>.
/// </summary>
public sealed record AdminInline(AdminRegistration Child, AdminField ForeignKey, IReadOnlyList<AdminField> Fields, string Heading)
{
    /// <summary>How many of an object's rows the form names; the rest are counted and listed on the child's change list.</summary>
    public const int Shown = 20;

    /// <summary>The prefix of this inline's inputs (<c>inline.comment.add.Body</c>, <c>inline.comment.remove</c>).</summary>
    public string Prefix => $"inline.{Child.UrlName}.";
}

// Inlines: declared with the child's type and the fields of its blank row; resolved against the model in Prepare.
public sealed partial class AdminFor<T>
{
    private readonly List<(Type Child, string[] Fields, string? Heading)> _inlineDeclarations = [];
    private IReadOnlyList<AdminInline> _inlines = [];

    public override IReadOnlyList<AdminInline> Inlines => _inlines;

    /// <summary>
    /// Shows the <typeparamref name="TChild"/> rows that point at this object under its change form (Django's
    /// inlines), with a blank row of <paramref name="fields"/> to add one. <typeparamref name="TChild"/> must be
    /// registered too: its rules, defaults and history apply to what is added or removed here.
    /// </summary>
    public AdminFor<T> Inline<TChild>(string? heading, params Expression<Func<TChild, object?>>[] fields) where TChild : class
    {
        _inlineDeclarations.Add((typeof(TChild), [.. fields.Select(f => (f.Body is UnaryExpression { NodeType: ExpressionType.Convert } c ? c.Operand : f.Body) is MemberExpression m ? m.Member.Name : throw new ArgumentException("Name a field of the row (c => c.Body).", nameof(fields)))], heading));
        return this;
    }

    // After every registration has read its fields: the child's registration, its foreign key to this entity.
    internal override void PrepareInlines(Microsoft.EntityFrameworkCore.Metadata.IModel model, AdminSite site)
    {
        var inlines = new List<AdminInline>();
        foreach (var (child, names, heading) in _inlineDeclarations)
        {
            var registration = site.For(child) ?? throw new InvalidOperationException($"The inline {child.Name} under {typeof(T).Name} needs {child.Name} registered in the admin too.");
            var foreignKey = model.FindEntityType(child)!.GetForeignKeys().FirstOrDefault(k => k.PrincipalEntityType.ClrType == typeof(T) && k.Properties.Count == 1)
                ?? throw new InvalidOperationException($"{child.Name} has no foreign key to {typeof(T).Name}.");
            var fkField = registration.Fields.FirstOrDefault(f => f.Name == foreignKey.Properties[0].Name)
                ?? throw new InvalidOperationException($"The foreign key {child.Name}.{foreignKey.Properties[0].Name} is not a field of its registration.");
            var fields = names.Select(n => registration.Fields.FirstOrDefault(f => f.Name == n && !f.ReadOnly && f != fkField)
                ?? throw new InvalidOperationException($"The inline {child.Name} names {n}, which is not an editable field of its registration.")).ToList();
            inlines.Add(new AdminInline(registration, fkField, fields, heading ?? AdminText.Capitalised(registration.PluralLabel)));
        }
        _inlines = inlines;
    }

    public override async Task<(int Count, IReadOnlyList<LookupOption> Newest)> RowsPointingAtAsync(CairnDbContext db, string foreignKey, object key, int count, CancellationToken cancellationToken)
    {
        // r => r.ForeignKey == (TKey)box.Value: the key a parameter, of the foreign key's type (int? for an optional one).
        var row = Expression.Parameter(typeof(T), "r");
        var property = Expression.Property(row, foreignKey);
        var value = Expression.Convert(Expression.Property(Expression.Constant(new Box<object>(key)), nameof(Box<object>.Value)), property.Type);
        var pointing = _source(db).AsNoTracking().Where(Expression.Lambda<Func<T, bool>>(Expression.Equal(property, value), row));
        var total = await pointing.CountAsync(cancellationToken);
        var newest = total == 0 ? [] : await Keys.Order(pointing, descending: true).Take(count).Select(LookupRowExpression()).ToListAsync(cancellationToken);
        return (total, [.. newest.Select(Option)]);
    }
}
