"""Network policy knobs, fixed for the lifetime of one client."""

from __future__ import annotations

from dataclasses import dataclass

try:
    import resource
except ImportError:  # not on Windows
    resource = None  # type: ignore[assignment]

from footprint import PROJECT_URL, __version__

DEFAULT_USER_AGENT = (
    f"footprint/{__version__} (+{PROJECT_URL}; online health check for election candidates)"
)


@dataclass(frozen=True)
class NetSettings:
    """How politely and safely the client talks to the web.

    `host_rates` overrides the per-host token bucket: entries are (host, rate, burst) and
    apply to that host and its subdomains, the longest matching host winning.
    """

    # Requests in flight across all hosts. This limit protects this machine, not the sites
    # (per-host limits below do that): each request in flight holds a socket, a file
    # descriptor and a buffered body, so it is sized for those. A sweep waits on latency,
    # not CPU: 700 sites at 200 ms each is 28 s at 32 in flight but under 1 s at 256, using
    # about 256 sockets; Linux's usual soft limit is 1024 descriptors (macOS: 256), and
    # `in_flight_limit` keeps the figure under half the process's actual limit at run time.
    concurrency: int = 256
    per_host_concurrency: int = 2  # requests in flight to one host
    per_host_rate: float = 2.0  # tokens per second
    per_host_burst: int = 4
    host_rates: tuple[tuple[str, float, int], ...] = ()
    retries: int = 3  # extra attempts after the first
    backoff_base: float = 0.5  # seconds; ceiling doubles per attempt
    backoff_max: float = 20.0  # also the longest Retry-After we are willing to wait
    request_timeout: float = 15.0  # connect, read, write and pool timeouts, each
    # The whole answer, headers and body: a server dribbling a byte a second never trips a
    # read timeout. 5 MB in 60 s is a 0.7 Mbit/s line.
    response_deadline: float = 60.0
    max_body_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    # Connection pools, hosts hashed over them: httpcore's pool scans all its connections for
    # each queued request, so small pools keep CPU per request flat at high concurrency.
    pool_shards: int = 8
    allow_private: bool = False  # tests and local benchmarks only
    offline: bool = False
    user_agent: str = DEFAULT_USER_AGENT

    def __post_init__(self) -> None:
        if self.concurrency < 1 or self.per_host_concurrency < 1 or self.pool_shards < 1:
            raise ValueError("concurrency, per_host_concurrency and pool_shards must be at least 1")
        if self.per_host_rate <= 0 or self.per_host_burst < 1:
            raise ValueError("per_host_rate must be positive and per_host_burst at least 1")
        for host, rate, burst in self.host_rates:
            if rate <= 0 or burst < 1:
                raise ValueError(f"bad rate override for {host}")
        if self.request_timeout <= 0 or self.response_deadline <= 0:
            raise ValueError("request_timeout and response_deadline must be positive")
        if self.retries < 0 or self.max_redirects < 0 or self.max_body_bytes < 0:
            raise ValueError("retries, max_redirects and max_body_bytes must not be negative")

    def rate_for(self, host: str) -> tuple[float, int]:
        """(tokens per second, burst) for `host`."""
        host = host.lower().rstrip(".")
        best: tuple[int, float, int] | None = None
        for pattern, rate, burst in self.host_rates:
            pattern = pattern.lower().rstrip(".")
            if (host == pattern or host.endswith("." + pattern)) and (
                best is None or len(pattern) > best[0]
            ):
                best = (len(pattern), rate, burst)
        if best is None:
            return self.per_host_rate, self.per_host_burst
        return best[1], best[2]


# Descriptors kept back for everything else: idle keep-alive connections, local files being
# read, the report, the history database, stdio.
_RESERVED_FDS = 64


def in_flight_limit(concurrency: int, soft_limit: int | None = None) -> int:
    """`concurrency`, lowered if need be so that the sockets in flight take at most half of
    the file descriptors the process may open beyond a reserve (`soft_limit`: the soft
    RLIMIT_NOFILE, read from the process when None)."""
    if soft_limit is None:
        if resource is None:
            return concurrency
        soft_limit, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft_limit == resource.RLIM_INFINITY:
            return concurrency
    return max(1, min(concurrency, (soft_limit - _RESERVED_FDS) // 2))
