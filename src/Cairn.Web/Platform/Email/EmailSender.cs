using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Cairn.Web.Platform.Email;

/// <summary>The <c>Cairn:Email</c> section. Without a <see cref="Host"/>, messages are written as .eml files instead.</summary>
public sealed class EmailOptions
{
    public const string Section = "Cairn:Email";

    /// <summary>SMTP server; empty: write each message to <c>{DataDirectory}/mail/</c> and log it (the embedded default).</summary>
    public string Host { get; set; } = "";

    public int Port { get; set; } = 587;
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";

    /// <summary><c>Auto</c> (STARTTLS when offered), <c>None</c>, <c>StartTls</c> or <c>SslOnConnect</c>.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    public string From { get; set; } = "Cairn <no-reply@cairn.local>";

    /// <summary>Links in messages: <c>{LinkScheme}://{workspace host}{:LinkPort}/…</c>.</summary>
    public string LinkScheme { get; set; } = "http";

    public int? LinkPort { get; set; }
}

public interface IEmailSender
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>Sends through an SMTP server with MailKit.</summary>
public sealed class SmtpEmailSender(IOptions<EmailOptions> options, ILogger<SmtpEmailSender> logger) : IEmailSender
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var client = new SmtpClient();
        await client.ConnectAsync(settings.Host, settings.Port, settings.Security, cancellationToken);
        if (settings.UserName.Length > 0) await client.AuthenticateAsync(settings.UserName, settings.Password, cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        logger.LogInformation("Sent “{Subject}” to {To}", message.Subject, message.To.ToString());
    }
}

/// <summary>The embedded default: each message becomes a .eml file in the data folder, and a log line.</summary>
public sealed class PickupDirectoryEmailSender(CairnPaths paths, ILogger<PickupDirectoryEmailSender> logger) : IEmailSender
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(paths.DataDirectory, "mail");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}.eml");
        await message.WriteToAsync(file, cancellationToken);
        logger.LogInformation("Wrote “{Subject}” to {To} as {File} (no SMTP server configured)", message.Subject, message.To.ToString(), file);
    }
}

/// <summary>What a message needs beyond its text: the sender address, and links to a workspace.</summary>
public sealed class EmailComposer(IOptions<EmailOptions> email, IOptions<TenancyOptions> tenancy)
{
    public MimeMessage Create(string toName, string toAddress, string subject, string text)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(email.Value.From));
        message.To.Add(new MailboxAddress(toName, toAddress));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = text };
        return message;
    }

    /// <summary>An absolute link into a workspace, e.g. <c>http://acme.localhost:5000/tasks</c>.</summary>
    public string Link(string workspace, string path)
    {
        var settings = tenancy.Value;
        var host = workspace == settings.DefaultWorkspace ? settings.BaseDomain : $"{workspace}.{settings.BaseDomain}";
        var port = email.Value.LinkPort is { } p ? $":{p}" : "";
        return $"{email.Value.LinkScheme}://{host}{port}/{path.TrimStart('/')}";
    }
}

public static class EmailExtensions
{
    public static IHostApplicationBuilder AddCairnEmail(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(EmailOptions.Section);
        builder.Services.Configure<EmailOptions>(section);
        builder.Services.AddSingleton<EmailComposer>();
        if (string.IsNullOrWhiteSpace(section["Host"])) builder.Services.AddSingleton<IEmailSender, PickupDirectoryEmailSender>();
        else builder.Services.AddSingleton<IEmailSender, SmtpEmailSender>();
        return builder;
    }
}
