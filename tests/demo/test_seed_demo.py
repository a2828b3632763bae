"""The seed_demo command and the loader's two ways of writing."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone

from accounts.models import Organisation, User
from demo import organisations, partners
from demo.context import DemoContext
from participants.models import Participant
from partner_contact.models import Partner
from programmes.models import Attendance
from risk.models import Alert
from tests.demo.conftest import seed_demo


@pytest.fixture
def seeded(db):
    """Per test here: this module's other tests seed databases of their own."""
    return seed_demo()


def _picture():
    return (
        list(Participant.objects.order_by("pk").values_list("uuid", "first_name")),
        Attendance.objects.count(),
        # Alert dates draw from the event's key, some of which hold keys of rows
        # the services wrote: the same on a fresh database, not after a rollback
        # (sequences do not roll back). The alerts themselves are the same.
        Alert.objects.count(),
    )


@pytest.mark.django_db
def test_seeding_is_deterministic():
    """The same seed and clock give the same men, attendance and alerts."""
    now = timezone.now()
    pictures = []
    for _run in range(2):
        with transaction.atomic():
            seed_demo(20, seed=3, now=now)
            pictures.append(_picture())
            transaction.set_rollback(True)
    assert pictures[0] == pictures[1]
    assert pictures[0][1] > 0


@pytest.mark.django_db
def test_the_executemany_path_writes_the_same_demo():
    """The path SQLite takes (make run) writes a demo the tests accept."""
    ctx = seed_demo(20, copy=False)
    assert Participant.objects.count() == 40
    assert Attendance.objects.exists()
    assert Alert.objects.filter(status="acknowledged").exists()
    assert ctx.loader.written["Participant"] == 40


@pytest.mark.django_db
def test_named_demo_users_each_have_a_hash_of_their_own(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--participants", "30", stdout=io.StringIO())
    names = ["facilitator", "caseworker", "partner", "manager", "orgadmin"]
    users = User.objects.filter(username__in=names + [f"b-{n}" for n in names])
    assert users.count() == 10
    hashes = set(users.values_list("password", flat=True))
    assert len(hashes) == 10
    assert all(u.check_password(settings.DEMO_PASSWORD) for u in users)


def test_other_login_users_share_one_hash_and_sign_in(seeded, settings):
    """Users beyond the named ones (60 men each: a second facilitator and
    caseworker) share one hash of the demo password, and sign in with it."""
    others = User.objects.filter(
        username__in=["facilitator2", "caseworker2", "b-facilitator2", "b-caseworker2"]
    )
    assert others.count() == 4
    assert len(set(others.values_list("password", flat=True))) == 1
    named = set(
        User.objects.filter(username__in=["facilitator", "b-manager"]).values_list(
            "password", flat=True
        )
    )
    assert others[0].password not in named
    for user in others:
        signed_in = authenticate(
            RequestFactory().post("/"),
            username=user.username,
            password=settings.DEMO_PASSWORD,
        )
        assert signed_in == user
    wrong = authenticate(
        RequestFactory().post("/"), username="facilitator2", password="not-it"
    )
    assert wrong is None


@pytest.mark.django_db
def test_if_empty_leaves_existing_data_alone(settings, capsys):
    settings.DEBUG = True
    Organisation.objects.create(name="Existing (demo)")
    call_command("seed_demo", "--if-empty")
    assert "not loaded" in capsys.readouterr().out
    assert Organisation.objects.count() == 1
    with pytest.raises(CommandError):
        call_command("seed_demo")


@pytest.mark.django_db
def test_refuses_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")


INDEXES = (
    "SELECT indexname, indexdef FROM pg_indexes "
    "WHERE schemaname = current_schema() ORDER BY indexname"
)


@pytest.mark.django_db
def test_a_large_load_builds_every_index_it_dropped_again():
    """The plain indexes a large seed drops for its load are all there after it,
    as they were, and the detectors' scan still finds every fact known."""
    from django.db import connection

    from demo import seeding
    from demo.context import DemoContext
    from risk import services

    with connection.cursor() as cursor:
        cursor.execute(INDEXES)
        before = cursor.fetchall()
    ctx = DemoContext.start(seed=5, participants_per_organisation=30)
    seeding.seed(ctx, 2, rebuild_indexes=True)
    with connection.cursor() as cursor:
        cursor.execute(INDEXES)
        assert cursor.fetchall() == before
    results = services.run_detectors(today=ctx.today, at=ctx.now)
    assert {name: len(r.events) for name, r in results.items() if r.events} == {}
    assert Alert.objects.exists()


def test_seed_with_no_men_makes_no_partners(db):
    """Here, not with the other partner tests: those share one seeded demo."""
    ctx = DemoContext.start(seed=1, participants_per_organisation=0)
    organisations.seed(ctx, 2).write(ctx)
    partners.seed(ctx)
    assert not Partner.objects.exists()
