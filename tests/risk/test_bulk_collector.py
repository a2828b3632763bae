"""A large bulk write pauses Python's cyclic garbage collector, and always gives
it back: after the write, after a failed write, and only once when nested."""

import gc

import pytest

from risk import bulk, outbox


@pytest.fixture(autouse=True)
def _collector_on():
    assert gc.isenabled()
    yield
    gc.enable()


def test_a_large_write_runs_with_the_collector_paused():
    with bulk.collector_paused(bulk.GC_PAUSE_FROM):
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_small_write_leaves_the_collector_alone():
    with bulk.collector_paused(bulk.GC_PAUSE_FROM - 1):
        assert gc.isenabled()
    assert gc.isenabled()


def test_a_failed_write_gives_the_collector_back():
    with pytest.raises(ZeroDivisionError), bulk.collector_paused(10_000):
        1 / 0  # noqa: B018
    assert gc.isenabled()


def test_a_nested_write_resumes_it_only_at_the_outer_end():
    with bulk.collector_paused(10_000):
        with bulk.collector_paused(10_000):
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_recording_many_detections_pauses_it_while_writing(monkeypatch, man):
    """record_events' writes run paused for a batch of GC_PAUSE_FROM detections,
    and the collector runs again afterwards."""
    seen = []

    def write(detections, **kwargs):
        seen.append(gc.isenabled())
        return outbox.Recorded()

    monkeypatch.setattr(outbox, "_record", write)
    monkeypatch.setattr(outbox, "without_restricted", lambda detections: detections)
    outbox.record_events([object()] * bulk.GC_PAUSE_FROM)
    outbox.record_events([object()] * 3)
    assert seen == [False, True]
    assert gc.isenabled()
