"""Counting requests in fixed time windows, to slow down abuse of public forms.

``hit(key, limit=N, window_seconds=W)`` counts one request under ``key`` and says whether it is
allowed: the first N hits of a window pass, hit N+1 and later are refused, and the next window
starts from zero. Windows are fixed (window index = Unix time // W) and each is one cache entry
keyed ``f"{key}:{window_index}"``, made with ``cache.add`` and counted with ``cache.incr``, so
two processes sharing the cache cannot both see "first hit".

The counts live in Django's cache ``caches["default"]``. Remiss configures no CACHES, so that is
a LocMemCache: private to one process, emptied on restart. That is enough for one process;
a production site that runs several processes (several gunicorn workers, several hosts) must
configure a shared cache (Redis or Memcached, both of which have atomic add/incr) or each
process counts on its own and the limits multiply. Django's database cache works but its
``incr`` is a read then a write, so concurrent hits can be undercounted.

Keys should be namespaced by the caller (``"verification:ip:192.0.2.1"``) and must not hold
secrets or personal data in clear: hash an e-mail address before using it in a key.

``client_ip(request)`` gives the address to throttle on: REMOTE_ADDR, or, behind
``REMISS_TRUSTED_PROXY_COUNT`` reverse proxies, the address the outermost trusted proxy saw.
"""

import ipaddress
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest


def _cache_key(key: str, window_seconds: int, now: float | None) -> str:
    moment = time.time() if now is None else now
    return f"{key}:{int(moment // window_seconds)}"


def hit(key: str, *, limit: int, window_seconds: int, now: float | None = None) -> bool:
    """Count one hit under ``key``; True while at most ``limit`` hits fell in this window.

    Refused hits are counted as well, so hammering does not open the door early. ``now`` (a
    Unix time) is for tests and replays; by default it is the current time.
    """
    if window_seconds <= 0:
        raise ValueError("window_seconds must be positive")
    cache = caches["default"]
    cache_key = _cache_key(key, window_seconds, now)
    # The entry outlives its window a little, so a slow clock cannot revive a count.
    timeout = window_seconds + 60
    if cache.add(cache_key, 1, timeout):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # the entry expired between add and incr: start the window again
            cache.add(cache_key, 1, timeout)
            count = 1
    return count <= limit


def is_blocked(key: str, *, limit: int, window_seconds: int, now: float | None = None) -> bool:
    """True when ``limit`` hits are already counted in this window (the next hit is refused).

    Counts nothing: use it to refuse early, before work worth counting is done.
    """
    if window_seconds <= 0:
        raise ValueError("window_seconds must be positive")
    count = caches["default"].get(_cache_key(key, window_seconds, now), 0)
    return count >= limit


def _valid_ip(value: str) -> str:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return ""


def client_ip(request: HttpRequest) -> str:
    """The client's IP address as a string ("unknown" if there is none).

    X-Forwarded-For is trusted only when ``settings.REMISS_TRUSTED_PROXY_COUNT`` (default 0) is
    above zero: with N trusted proxies, each appending the address it received the request
    from, the client is the N-th address from the right. Anything left of it may be forged by
    the client and is ignored. Without the setting the header is ignored entirely.
    """
    remote = _valid_ip(request.META.get("REMOTE_ADDR", ""))
    proxies = int(getattr(settings, "REMISS_TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if forwarded:
            candidate = _valid_ip(forwarded[-min(proxies, len(forwarded))])
            if candidate:
                return candidate
    return remote or "unknown"
