using System.Text;

namespace KnowledgeGraph.Functions.Host.Tests.Parity;

/// <summary>
/// The write functions (IngestPaper, DeletePaper) and what they change, run as one sequence against both hosts on
/// copies of the same graph: each step must answer the same (201 then 200 for the same upload, 400 for an empty
/// body, 413 over KG:Api:MaxRequestBytes, 415 for an unknown format, 204 then 404 for a delete), and the reads
/// after the writes must agree too. Function keys are the real host's job and are not checked here.
/// </summary>
public sealed class WriteParityTests(ParityHosts hosts) : IClassFixture<ParityHosts>
{
    private const string NewPaper = "Regulatory T cells in type 1 diabetes\n\nPolyclonal Tregs preserved C-peptide in NCT 01210664 and protected transplanted islets.";

    [Fact]
    public async Task Write_functions_answer_a_sequence_of_uploads_and_deletes_as_kg_serve_does()
    {
        var created = await SameAsync(HttpMethod.Post, "api/papers?name=tregs.txt", Encoding.UTF8.GetBytes(NewPaper), "text/plain");
        Assert.StartsWith("201 ", created.Head, StringComparison.Ordinal);
        var location = created.Head.Split('\n').Single(l => l.StartsWith("Location: ", StringComparison.Ordinal))["Location: ".Length..].Trim();

        Assert.StartsWith("200 ", (await SameAsync(HttpMethod.Post, "api/papers?name=tregs-again.txt", Encoding.UTF8.GetBytes(NewPaper), "text/plain")).Head, StringComparison.Ordinal);
        Assert.StartsWith("400 ", (await SameAsync(HttpMethod.Post, "api/papers?name=empty.txt", [], "text/plain")).Head, StringComparison.Ordinal);
        Assert.StartsWith("413 ", (await SameAsync(HttpMethod.Post, "api/papers?name=big.txt", Encoding.UTF8.GetBytes(new string('x', ParityHosts.MaxRequestBytes + 1)), "text/plain")).Head, StringComparison.Ordinal);
        Assert.StartsWith("415 ", (await SameAsync(HttpMethod.Post, "api/papers?name=blob.bin", [0x00, 0xFF, 0x10, 0x80, 0x00, 0x01, 0x02, 0x03], "application/octet-stream")).Head, StringComparison.Ordinal);

        Assert.StartsWith("200 ", (await SameAsync(HttpMethod.Get, location.TrimStart('/'))).Head, StringComparison.Ordinal);
        Assert.StartsWith("200 ", (await SameAsync(HttpMethod.Get, "api/ingestions")).Head, StringComparison.Ordinal);
        Assert.StartsWith("200 ", (await SameAsync(HttpMethod.Get, "api/health")).Head, StringComparison.Ordinal);
        Assert.StartsWith("204 ", (await SameAsync(HttpMethod.Delete, location.TrimStart('/'))).Head, StringComparison.Ordinal);
        Assert.StartsWith("404 ", (await SameAsync(HttpMethod.Delete, location.TrimStart('/'))).Head, StringComparison.Ordinal);
        Assert.StartsWith("200 ", (await SameAsync(HttpMethod.Get, "api/health")).Head, StringComparison.Ordinal);
        Assert.Empty(hosts.Functions.Failures);
    }

    /// <summary>Sends one request to kg serve, then the same to the Functions app, and requires the same answer.</summary>
    private async Task<ResponseSnapshot> SameAsync(HttpMethod method, string path, byte[]? body = null, string? contentType = null)
    {
        var serve = await SendAsync(hosts.Serve, method, path, body, contentType);
        var app = await SendAsync(hosts.App, method, path, body, contentType);
        Assert.True(serve.Head == app.Head, $"{method} {path}\nkg serve:\n{serve.Head}{serve.Body}\nFunctions:\n{app.Head}{app.Body}\n{string.Join('\n', hosts.Functions.Logs.TakeLast(30))}");
        Assert.Equal(serve.Body, app.Body);
        return serve;
    }

    private static async Task<ResponseSnapshot> SendAsync(HttpClient client, HttpMethod method, string path, byte[]? body, string? contentType)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null) request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }
        using var response = await client.SendAsync(request);
        return await ResponseSnapshot.TakeAsync(response);
    }
}
