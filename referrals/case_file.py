"""What the referrals app adds to a man's case file (casefile:detail)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from participants.models import Participant
from participants.timeline import TimelineEntry
from referrals.models import OnwardReferral, Referral, ReferrerLetter  # letters


def case_file_context(participant: Participant, user) -> dict:
    """Context for templates/referrals/_case_file.html, with "timeline" entries,
    for a man whose case file the user may open (the case-file view finds him
    through `Participant.objects.case_file_visible_to`).

    Onward referrals and letters are read with `of_case(participant, user)`,
    `visible_to(user)` for one man. Only what the user may see: his referral in (for
    facilitators only if he is in their group), and onward referrals about him;
    never a woman's. Whether he meets a MARAC criterion is the risk panel's to
    say (risk.case_file).
    """
    # Newest first: a re-referral is accepted onto the case he already has.
    # Only the columns the panel and the timeline show: these are wide rows.
    referrals_in = list(
        Referral.objects.visible_to(user)
        .filter(participant=participant)
        .select_related("agency")
        .only(
            "uuid",
            "received_on",
            "mandate",
            "status",
            "status_changed_on",
            "is_self_referral",
            "agency__name",
        )
    )
    referral_in = referrals_in[0] if referrals_in else None
    onward = list(
        OnwardReferral.objects.of_case(participant, user)
        .select_related("agency")
        .only(
            "uuid",
            "organisation",
            "kind",
            "made_on",
            "legal_basis",
            "outcome",
            "outcome_on",
            "agency__name",
        )
    )
    # The case-file view has already found him among the men whose case file
    # the user may open.
    can_refer = user.has_perm("referrals.add_onwardreferral")
    # Letters to his referrers (caseworkers and managers only, by visible_to).
    letters = list(ReferrerLetter.objects.of_case(participant, user))
    return {
        "letters": letters,
        "referral_in": referral_in,
        "referrals_in": referrals_in,
        "onward_referrals": onward,
        "can_refer_onward": can_refer,
        "can_see_sharing_log": user.has_perm("referrals.view_informationshare")
        and can_refer,
        "timeline": _timeline(referrals_in, onward) + _letter_timeline(letters),
    }


def _timeline(referrals_in: list[Referral], onward: list) -> list[TimelineEntry]:
    entries = []
    for referral_in in referrals_in:
        url = reverse("referrals:referral_detail", args=[referral_in.uuid])
        entries.append(
            TimelineEntry(
                when=referral_in.received_on,
                kind="referral",
                title=_("Referral received (%(source)s)")
                % {"source": referral_in.source_display},
                detail=referral_in.get_mandate_display(),
                url=url,
            )
        )
        if referral_in.status == Referral.Status.ACCEPTED:
            entries.append(
                TimelineEntry(
                    when=referral_in.status_changed_on or referral_in.received_on,
                    kind="referral",
                    title=_("Referral accepted"),
                    url=url,
                )
            )
    for item in onward:
        url = reverse("referrals:onward_detail", args=[item.uuid])
        entries.append(
            TimelineEntry(
                when=item.made_on,
                kind="onward_referral",
                title=_("%(kind)s referral to %(agency)s")
                % {"kind": item.get_kind_display(), "agency": item.agency},
                detail=item.get_legal_basis_display(),
                url=url,
                tone="warning" if item.kind == OnwardReferral.Kind.MARAC else "info",
            )
        )
        if item.outcome_on:
            entries.append(
                TimelineEntry(
                    when=item.outcome_on,
                    kind="onward_referral",
                    title=_("Outcome from %(agency)s: %(outcome)s")
                    % {"agency": item.agency, "outcome": item.get_outcome_display()},
                    url=url,
                )
            )
    return entries


def _letter_timeline(letters: list[ReferrerLetter]) -> list[TimelineEntry]:
    """Each letter sent to a referrer, on the day it went."""
    return [
        TimelineEntry(
            when=letter.sent_on,
            kind="referral",
            title=_("Letter to the referrer: %(event)s (%(via)s)")
            % {
                "event": letter.get_event_display(),
                "via": letter.get_sent_via_display().lower(),
            },
            url=letter.get_absolute_url(),
        )
        for letter in letters
        if letter.sent_on
    ]
