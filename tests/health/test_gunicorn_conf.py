"""The web server's own settings (gunicorn.conf.py, read by gunicorn from the
project's directory)."""

import importlib.util
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]


def load_conf():
    spec = importlib.util.spec_from_file_location(
        "project_gunicorn_conf", ROOT / "gunicorn.conf.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_worker_freezes_what_it_holds_after_its_first_requests(monkeypatch):
    """Collected and frozen after the first and the fiftieth request, never on
    the requests between or after, and not at all when switched off."""
    conf = load_conf()
    calls = []
    monkeypatch.setattr(conf.gc, "collect", lambda: calls.append("collect"))
    monkeypatch.setattr(conf.gc, "freeze", lambda: calls.append("freeze"))
    frozen_after = []
    for handled in range(1, 120):
        before = len(calls)
        conf.post_request(SimpleNamespace(nr=handled), None, {}, None)
        if len(calls) > before:
            frozen_after.append(handled)
            assert calls[before:] == ["collect", "freeze"]
    assert frozen_after == [1, 50]
    monkeypatch.setenv("GUNICORN_GC_FREEZE", "0")
    conf.post_request(SimpleNamespace(nr=1), None, {}, None)
    assert len(calls) == 4
