"""What the security suite's seeded organisations hold of her own case (issue 16):
a status move with a note, a risk checklist over the conference threshold with
notes and a raised level, a safety plan in sections, a child of his case linked
to her and an order of that child; every text of hers carries a marker."""

import datetime

from participants.models import Child, ChildOrder
from partner_contact import her_case
from partner_contact.models import ChecklistAnswer


def add_her_case_records(o, *, ps, today, marker) -> None:
    o.status_change = her_case.move_partner(
        partner=o.woman,
        to_status="engaged",
        reason="safety_planning",
        actor=ps,
        note=marker("statusnote"),
    )
    version = her_case.active_checklist()
    answers = {
        q.code: ChecklistAnswer.YES if q.order <= 15 else ChecklistAnswer.NO
        for q in version.questions.all()
    }
    # Over the threshold: his case file gets the one sentence, and no more.
    o.checklist = her_case.complete_checklist(
        partner=o.woman,
        version=version,
        answers=answers,
        completed_on=today - datetime.timedelta(days=1),
        actor=ps,
        notes=marker("checklistnotes"),
    )
    o.sectioned_plan = her_case.save_safety_plan(
        partner=o.woman,
        actor=ps,
        safe_contacts=marker("plansafecontacts"),
        emergency=marker("planemergency"),
        children=marker("planchildren"),
        digital=marker("plandigital"),
        review_on=today + datetime.timedelta(days=14),
    )
    o.child_link = her_case.link_child(partner=o.woman, child=o.child, actor=ps)
    # A second child of his case, not linked: the link form has one to offer.
    o.child_b = Child.objects.create(
        organisation=o.child.organisation, participant=o.man, name="B."
    )
    # His side: a child's order with its dates (no marker: caseworkers see it).
    o.child_order = ChildOrder.objects.create(
        organisation=o.child.organisation,
        child=o.child,
        kind=ChildOrder.Kind.NON_MOLESTATION,
        made_on=today - datetime.timedelta(days=30),
        expires_on=today + datetime.timedelta(days=10),
        court_or_agency="Family Court (fictional)",
        next_hearing_on=today + datetime.timedelta(days=5),
    )
