using Microsoft.AspNetCore.Mvc.Rendering;

namespace Cairn.Web.Modules.Blog;

public sealed record PostFormView(PostInput Input, IReadOnlyList<SelectListItem> Categories, string CancelUrl);
