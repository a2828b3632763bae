"""Building a session register as the browser posts it, for the register tests."""

from django.utils import timezone

from tests.programmes.factories import EnrolmentFactory, SessionFactory


def today_session(group, **kwargs):
    return SessionFactory(group=group, date=timezone.localdate(), **kwargs)


def enrol(group, count):
    return [EnrolmentFactory(group=group).participant for _ in range(count)]


def row_values(status="", participation="", note="", concern=False, urgent=False):
    return {
        "status": status,
        "participation": participation,
        "note": note,
        "concern": concern,
        "urgent": urgent,
    }


def form_data(session, men, values, seen=None, version=None):
    """What the browser posts: every man's row, and what the worker saw."""
    seen = seen or {}
    data = {
        "version": session.version if version is None else version,
        "module": "",
        "form-TOTAL_FORMS": len(men),
        "form-INITIAL_FORMS": len(men),
        "form-MIN_NUM_FORMS": 0,
        "form-MAX_NUM_FORMS": 200,
    }
    for i, man in enumerate(men):
        data[f"form-{i}-participant"] = str(man.uuid)
        row = values.get(man, row_values())
        before = seen.get(man, row_values())
        for name in ("status", "participation", "note"):
            data[f"form-{i}-{name}"] = row[name]
            data[f"initial-form-{i}-{name}"] = before[name]
        for name in ("concern", "urgent"):
            if row[name]:
                data[f"form-{i}-{name}"] = "on"
            data[f"initial-form-{i}-{name}"] = str(bool(before[name]))
    return data
