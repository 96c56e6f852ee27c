namespace Cairn.Web.Modules.Home;

/// <summary>The workspace's home page (roadmap week 1).</summary>
public static class HomePages
{
    public static IHostApplicationBuilder AddHomePages(this IHostApplicationBuilder builder)
    {
        builder.AddCairnModule("home", module => module.Navigation("Home", "/", order: 0));
        return builder;
    }
}
