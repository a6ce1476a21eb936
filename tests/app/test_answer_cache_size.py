"""The one answer cache (careercenter/cache.py) is bounded by bytes, not by entries."""

from markupsafe import Markup

from careercenter.cache import size_of
from careercenter.extensions import cache


def test_an_answer_is_counted_by_what_it_holds():
    page = Markup("<li>job</li>" * 2000)  # noqa: S704 (a constant)
    assert size_of(page) > 24_000
    assert size_of((page, page)) > 2 * 24_000
    assert size_of(("key", 1)) < 200


def test_the_oldest_answers_leave_when_the_bytes_are_used(app):
    saved = app.config["CACHE_MAX_BYTES"]
    app.config["CACHE_MAX_BYTES"] = 50_000
    try:
        with app.app_context():
            cache.init_app(app)
            computed = []

            def answer(name):
                computed.append(name)
                return name * 20_000

            for name in "abc":  # 20 KB each: two fit
                cache.remembered(name, lambda name=name: answer(name), timeless=True)
            entries, used = cache.stats()
            assert entries == 2 and used <= 50_000
            cache.remembered("c", lambda: answer("c"), timeless=True)
            cache.remembered("a", lambda: answer("a"), timeless=True)  # gone: computed again
            assert computed == ["a", "b", "c", "a"]
            cache.clear()
            assert cache.stats() == (0, 0)
    finally:
        app.config["CACHE_MAX_BYTES"] = saved
        with app.app_context():
            cache.init_app(app)
