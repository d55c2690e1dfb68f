using DualHub.Hub.Options;
using DualHub.Hub.WebConsole.Html;

namespace DualHub.Hub.WebConsole.Sections;

/// <summary>Links to a hub's console by its deployment address: the agent's URL of a hub is matched to the deployment's hub part.</summary>
internal sealed class HubLinks(IReadOnlyList<DeploymentPart> parts)
{
    public void Write(HtmlWriter h, string? name, string? url)
    {
        var part = parts.FirstOrDefault(p => p.Kind == "hub" && (p.Name == name || (url is not null && Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Authority == p.Url.Authority)));
        var label = part is null ? name : $"{name} ({part.Name})";
        if (part is null)
        {
            h.Text(label);
        }
        else
        {
            h.Link(new Uri(part.Url, "/").ToString(), label);
        }
    }
}
