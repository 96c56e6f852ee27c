// The namespaces nearly every file of the app uses, once here instead of at the top of each file.
global using Cairn.Web.Platform.Accounts;
global using Cairn.Web.Platform.Data;
global using Cairn.Web.Platform.Jobs;
global using Cairn.Web.Platform.Modules;
global using Cairn.Web.Platform.Tenancy;
global using Cairn.Web.Platform.Web;
global using Microsoft.EntityFrameworkCore;
global using Microsoft.Extensions.Options;
