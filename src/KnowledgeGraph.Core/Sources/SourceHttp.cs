using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace KnowledgeGraph.Core.Sources;

/// <summary>How one service is called: its rate, retries, timeout and largest answer.</summary>
public sealed record SourceHttpSettings(
    string Service,
    double RequestsPerSecond,
    int MaxRetries,
    TimeSpan Timeout,
    long MaxResponseBytes,
    TimeSpan RetryBaseDelay,
    TimeSpan RetryMaxDelay);

/// <summary>
/// Every request to one public service passes here: a token-bucket rate limiter (one request per 1/rate seconds, so
/// NCBI's 3 or 10 requests a second is never exceeded, retries included), a per-attempt timeout, a bounded body, and
/// Polly retries with exponential backoff and jitter on 429, 5xx and network errors, waiting as long as a
/// <c>Retry-After</c> asks (up to <see cref="SourceHttpSettings.RetryMaxDelay"/>). Other 4xx answers are not retried.
/// </summary>
public sealed class SourceHttp : IDisposable
{
    private readonly HttpClient _http;
    private readonly SourceHttpSettings _settings;
    private readonly RateLimiter _limiter;
    private readonly ResiliencePipeline<Attempt> _pipeline;
    private readonly ILogger _logger;

    public SourceHttp(HttpClient http, SourceHttpSettings settings, ILogger logger, TimeProvider? time = null)
    {
        _http = http;
        _settings = settings;
        _logger = logger;
        // A bucket of one token: requests are spaced evenly, never bursting above the rate. A little slower than the
        // exact rate so that timer jitter cannot put rate+1 requests into one second.
        _limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1.02 / Math.Max(0.01, settings.RequestsPerSecond)),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
        var builder = new ResiliencePipelineBuilder<Attempt> { TimeProvider = time ?? TimeProvider.System };
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<Attempt>
            {
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryBaseDelay,
                MaxDelay = settings.RetryMaxDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException or IOException or TimeoutException } => true,
                    { Exception: OperationCanceledException } => !args.Context.CancellationToken.IsCancellationRequested,
                    { Result: { } r } => IsTransient(r.Status),
                    _ => false,
                }),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter is { } after
                    ? (TimeSpan?)(after > settings.RetryMaxDelay ? settings.RetryMaxDelay : after)
                    : null),
                OnRetry = args =>
                {
                    SourceLog.Retrying(_logger, settings.Service, args.AttemptNumber + 1, settings.MaxRetries,
                        args.Outcome.Result is { } r ? $"HTTP {(int)r.Status}" : args.Outcome.Exception?.GetType().Name ?? "error",
                        args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }
        _pipeline = builder.Build();
    }

    /// <summary>
    /// The HTTP client the services are called with: pooled connections renewed every few minutes (DNS changes are
    /// seen), compressed answers accepted, no client-wide timeout (each attempt has its own).
    /// </summary>
    public static HttpClient CreateClient()
    {
        var client = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("KnowledgeGraph/1.0 (kg fetch)");
        return client;
    }

    /// <summary>Requests made so far, retries included (reported by <c>kg fetch</c>).</summary>
    public int Requests => _requests;

    private int _requests;

    /// <summary>Sends the request (built anew for every attempt) and returns the body of a 2xx answer.</summary>
    /// <exception cref="SourceException">A non-transient error status, a transient one after every retry, or an answer over the size limit.</exception>
    public async Task<byte[]> SendAsync(Func<HttpRequestMessage> request, CancellationToken ct)
    {
        Attempt result;
        try
        {
            result = await _pipeline.ExecuteAsync(async token => await AttemptAsync(request, token), ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutException
            || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            throw new SourceException($"{_settings.Service}: no answer after {_settings.MaxRetries + 1} attempt(s): {ex.Message}", null, ex);
        }
        if ((int)result.Status is >= 200 and < 300) return result.Body;
        var excerpt = System.Text.Encoding.UTF8.GetString(result.Body, 0, Math.Min(result.Body.Length, 300)).ReplaceLineEndings(" ");
        throw new SourceException(
            IsTransient(result.Status)
                ? $"{_settings.Service}: HTTP {(int)result.Status} after {_settings.MaxRetries + 1} attempt(s): {excerpt}"
                : $"{_settings.Service}: HTTP {(int)result.Status}: {excerpt}",
            result.Status);
    }

    private async ValueTask<Attempt> AttemptAsync(Func<HttpRequestMessage> build, CancellationToken ct)
    {
        using (var lease = await _limiter.AcquireAsync(1, ct))
        {
            if (!lease.IsAcquired) throw new SourceException($"{_settings.Service}: the rate limiter refused a request");
        }
        Interlocked.Increment(ref _requests);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_settings.Timeout);
        using var message = build();
        try
        {
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var retryAfter = response.Headers.RetryAfter is { } ra
                ? ra.Delta ?? (ra.Date is { } when ? when - DateTimeOffset.UtcNow : null)
                : null;
            if (retryAfter < TimeSpan.Zero) retryAfter = TimeSpan.Zero;
            var body = await ReadBoundedAsync(response, timeout.Token);
            return new Attempt(response.StatusCode, body, retryAfter);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"{_settings.Service}: no answer in {_settings.Timeout.TotalSeconds:0} s");
        }
    }

    private async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var max = _settings.MaxResponseBytes;
        if (response.Content.Headers.ContentLength > max)
            throw new SourceException($"{_settings.Service}: the answer is {response.Content.Headers.ContentLength:N0} bytes; the limit is {max:N0}");
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max)
                throw new SourceException($"{_settings.Service}: the answer is over the limit of {max:N0} bytes");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status == HttpStatusCode.TooManyRequests || status == HttpStatusCode.RequestTimeout || (int)status >= 500;

    public void Dispose() => _limiter.Dispose();

    private sealed record Attempt(HttpStatusCode Status, byte[] Body, TimeSpan? RetryAfter);
}
