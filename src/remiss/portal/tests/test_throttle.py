"""Fixed-window throttling in Django's cache, and which IP address a request comes from."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from remiss.portal.throttle import client_ip, hit, is_blocked

HOUR = 3600
# A moment at the start of a window, so that "a little later" stays in the same window.
START = 1_700_000_000 - 1_700_000_000 % HOUR


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_limit_is_reached_exactly_at_the_hit_after_the_last_allowed_one():
    results = [hit("form:a", limit=5, window_seconds=HOUR, now=START + i) for i in range(7)]
    assert results == [True, True, True, True, True, False, False]


def test_is_blocked_tells_before_the_refused_hit_and_counts_nothing():
    for i in range(3):
        assert not is_blocked("form:b", limit=3, window_seconds=HOUR, now=START + i)
        assert hit("form:b", limit=3, window_seconds=HOUR, now=START + i)
    assert is_blocked("form:b", limit=3, window_seconds=HOUR, now=START + 10)
    assert is_blocked("form:b", limit=4, window_seconds=HOUR, now=START + 10) is False
    assert hit("form:b", limit=4, window_seconds=HOUR, now=START + 10)  # the 4th: still allowed


def test_a_new_window_starts_from_zero():
    for i in range(3):
        hit("form:c", limit=2, window_seconds=HOUR, now=START + i)
    assert not hit("form:c", limit=2, window_seconds=HOUR, now=START + HOUR - 1)
    assert hit("form:c", limit=2, window_seconds=HOUR, now=START + HOUR)
    assert not is_blocked("form:c", limit=2, window_seconds=HOUR, now=START + HOUR)


def test_keys_are_counted_apart():
    assert hit("form:d", limit=1, window_seconds=HOUR, now=START)
    assert not hit("form:d", limit=1, window_seconds=HOUR, now=START)
    assert hit("form:e", limit=1, window_seconds=HOUR, now=START)
    assert is_blocked("form:d", limit=1, window_seconds=HOUR, now=START)
    assert is_blocked("form:e", limit=1, window_seconds=HOUR, now=START)
    assert not is_blocked("form:f", limit=1, window_seconds=HOUR, now=START)


def test_without_a_given_time_the_current_window_is_used():
    assert hit("form:g", limit=1, window_seconds=HOUR)
    assert not hit("form:g", limit=1, window_seconds=HOUR)
    assert is_blocked("form:g", limit=1, window_seconds=HOUR)


def test_the_forwarded_header_is_ignored_without_trusted_proxies(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_ip(request) == "10.0.0.5"


def test_behind_trusted_proxies_the_client_is_counted_from_the_right(settings):
    settings.REMISS_TRUSTED_PROXY_COUNT = 1
    forged = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7"
    )
    assert client_ip(forged) == "198.51.100.7"
    settings.REMISS_TRUSTED_PROXY_COUNT = 2
    assert client_ip(forged) == "203.0.113.9"
    rubbish = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="nonsense")
    assert client_ip(rubbish) == "10.0.0.5"


def test_a_request_without_an_address_is_unknown():
    request = RequestFactory().get("/")
    request.META.pop("REMOTE_ADDR", None)
    assert client_ip(request) == "unknown"
