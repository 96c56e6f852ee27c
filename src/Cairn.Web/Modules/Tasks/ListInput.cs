using System.ComponentModel.DataAnnotations;

namespace Cairn.Web.Modules.Tasks;

public sealed class ListInput
{
    [Required(ErrorMessage = "Give the list a name.")]
    [StringLength(TaskList.MaxNameLength, ErrorMessage = "The name may be at most 100 characters long.")]
    [Display(Name = "Name")]
    public string Name { get; set; } = "";

    [Display(Name = "Share with the workspace")]
    public bool IsShared { get; set; }
}
