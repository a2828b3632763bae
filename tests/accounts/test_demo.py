"""The demo organisations and their users."""

import random

import pytest
from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.utils import timezone

from accounts import demo
from accounts.models import User

pytestmark = pytest.mark.django_db


def _seed(organisations: int) -> None:
    ctx = demo.DemoContext(
        rng=random.Random(2026),
        today=timezone.localdate(),
        participants_per_organisation=130,
    )
    demo.seed(ctx, organisations)


def test_every_demo_login_has_a_password_hash_of_its_own():
    """No two demo users share a hash, as no two users of a real install do."""
    _seed(2)
    hashes = list(User.objects.values_list("password", flat=True))
    assert len(hashes) > 10
    assert len(set(hashes)) == len(hashes)
    for password in hashes:
        assert check_password(settings.DEMO_PASSWORD, password)


def test_staff_of_further_organisations_cannot_log_in():
    """Only the two organisations the README lists have demo logins."""
    _seed(3)
    third = User.objects.filter(username__startswith="o3-")
    assert third.exists()
    assert not any(user.has_usable_password() for user in third)
    assert User.objects.get(username="b-manager").check_password(settings.DEMO_PASSWORD)
