"""The Redis cache (REDIS_URL) keeps one Redis client per connection pool, and otherwise
answers as Django's own Redis cache does, from several threads at once."""

import secrets
from concurrent.futures import ThreadPoolExecutor

from django.core.cache.backends.redis import RedisCache

from rangsit_ita.redis_cache import SharedClientRedisCache

LOCATION = "redis://127.0.0.1:6379/0"


def a_cache(backend=SharedClientRedisCache):
    return backend(LOCATION, {"KEY_PREFIX": f"test-{secrets.token_hex(4)}", "TIMEOUT": 60})


def test_every_operation_uses_the_same_client():
    cache = a_cache()
    assert cache._cache.get_client() is cache._cache.get_client()
    assert cache._cache.get_client(write=True) is cache._cache.get_client(write=True)
    # Django's own builds one per operation: this is what the subclass changes.
    stock = a_cache(RedisCache)
    assert stock._cache.get_client() is not stock._cache.get_client()


def test_it_stores_reads_counts_and_forgets_as_djangos_does():
    cache = a_cache()
    cache.set("ชื่อ", {"ค่า": "๑๒๓"})
    assert cache.get("ชื่อ") == {"ค่า": "๑๒๓"}
    assert cache.add("ชื่อ", "อื่น") is False
    cache.set_many({"a": 1, "b": 2})
    assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": 2}
    assert cache.incr("a", 5) == 6
    cache.delete("ชื่อ")
    assert cache.get("ชื่อ", "ไม่มี") == "ไม่มี"
    cache.delete_many(["a", "b"])
    assert cache.get_many(["a", "b"]) == {}


def test_threads_sharing_the_client_each_read_their_own_values():
    cache = a_cache()

    def write_and_read(number):
        for round in range(20):
            cache.set(f"key-{number}", f"{number}-{round}")
            assert cache.get(f"key-{number}") == f"{number}-{round}"
        return number

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert sorted(pool.map(write_and_read, range(16))) == list(range(16))
