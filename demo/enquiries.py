"""Demo enquiries: women asking for contact, and each organisation's public page.

Every name and number is invented and looks it. About one enquiry for every four
men, over the last year, from every channel; most were answered within their
deadline and closed with an outcome, a few wait for a first contact (some past
their deadline, which the first-contact detector then finds in the risk step that
follows), and some were linked to a woman already on record. Written in bulk like
the partners (demo.load): only the fields a worker would fill in are encrypted.
"""

import random
import uuid
from datetime import timedelta

from django.utils.text import slugify

from accounts.calendar import add_working_days
from accounts.models import Organisation
from demo.context import DemoContext, Staff
from demo.names import WOMEN_FIRST_NAMES, mobile
from enquiries.models import Enquiry

ENQUIRIES_PER_MAN = 0.25
DAYS_BACK = 365
EMERGENCY_NUMBERS = (
    "Police, fire, ambulance: 999\nWomen's helpline (fictional, demo): 0808 000 0000"
)
CONCERNS = [
    "He checks my phone and gets angry when I go out (demo).",
    "My ex keeps turning up at the school gate (demo).",
    "Worried about how he is with the children when he drinks (demo).",
    "",
]
TIMES = ["Weekday mornings (demo)", "After 7pm (demo)", "Tuesdays only (demo)", ""]
Channel = Enquiry.Channel
CHANNELS = [Channel.PHONE] * 4 + [
    Channel.EMAIL,
    Channel.IN_PERSON,
    Channel.AGENCY,
    Channel.PUBLIC_PAGE,
    Channel.PUBLIC_PAGE,
]
OUTCOMES = [
    Enquiry.Outcome.INFORMATION_GIVEN,
    Enquiry.Outcome.SUPPORT_ONGOING,
    Enquiry.Outcome.REFERRED_ON,
    Enquiry.Outcome.HE_REFERRED,
    Enquiry.Outcome.DECLINED,
    Enquiry.Outcome.NOT_REACHABLE,
]


def seed(ctx: DemoContext) -> None:
    """Each organisation's public contact page and its enquiries.

    With a generator of its own (and its own UUIDs), so that the steps after it
    draw what they drew before enquiries existed.
    """
    rng = random.Random(ctx.seed + 16)
    for index, staff in enumerate(ctx.staff):
        organisation = staff.organisation
        Organisation.objects.filter(pk=organisation.pk).update(
            public_contact_slug=slugify(f"{organisation.name} {index + 1}")[:60],
            emergency_numbers=EMERGENCY_NUMBERS,
        )
        men = ctx.men.get(organisation.pk, [])
        count = max(3, int(len(men) * ENQUIRIES_PER_MAN))
        women = [woman for man in men for woman in man.women]
        for number in range(count):
            _enquiry(ctx, rng, staff, number, women)
    ctx.loader.flush(Enquiry)


def _enquiry(
    ctx: DemoContext, rng: random.Random, staff: Staff, number: int, women: list
) -> None:
    today = ctx.today
    workers = staff.ids("partner_support")
    worker = workers[number % len(workers)] if workers else None
    # The newest few wait for a first contact; the rest were answered.
    waiting = number < 6
    received_on = today - timedelta(
        days=rng.randint(0, 3) if waiting else rng.randint(2, DAYS_BACK)
    )
    received_at = ctx.at(received_on, rng.randint(9, 16), rng.randrange(0, 60, 5))
    channel = rng.choice(CHANNELS)
    public = channel == Channel.PUBLIC_PAGE
    first_contact_at = None
    if not waiting:
        first_contact_at = received_at + timedelta(hours=rng.choice([0, 2, 20, 50]))
        first_contact_at = min(first_contact_at, ctx.now - timedelta(minutes=1))
    closed = not waiting and rng.random() < 0.8
    linked = women and not waiting and rng.random() < 0.1
    partner = rng.choice(women)[0] if linked else None
    ctx.loader.add(
        Enquiry,
        history_user=None if public else worker,
        uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
        organisation_id=staff.organisation.pk,
        channel=channel,
        received_at=received_at,
        received_on=received_on,
        name=f"{rng.choice(WOMEN_FIRST_NAMES)} (demo)",
        on_behalf=channel == Channel.AGENCY,
        reach_by=rng.choice(list(Enquiry.ReachBy.values)),
        phone=mobile(5000 + number),
        safe_times=rng.choice(TIMES),
        message_ok=rng.random() < 0.3,
        language=rng.choice(["English"] * 6 + ["Polish", "Urdu"]),
        concerns=rng.choice(CONCERNS),
        offered_information=not waiting,
        offered_safety_planning=not waiting and rng.random() < 0.5,
        offered_womens_service=not waiting and rng.random() < 0.3,
        offered_programme_for_him=not waiting and rng.random() < 0.2,
        outcome=rng.choice(OUTCOMES) if closed else "",
        follow_up_on=(
            today + timedelta(days=rng.randint(-5, 20))
            if not waiting and not closed
            else None
        ),
        first_contact_due=add_working_days(received_on, 1),
        first_contact_at=first_contact_at,
        assigned_to_id=None if waiting and public else worker,
        recorded_by_id=None if public else worker,
        partner_id=partner,
        linked_at=first_contact_at if partner else None,
        closed_at=(
            min(first_contact_at + timedelta(days=rng.randint(1, 30)), ctx.now)
            if closed
            else None
        ),
        created_at=received_at,
    )
