"""The worklist's words name her linked cases from one read of their references
(partner_contact.worklist.with_linked_references), as the section pages'
prefetched links (linked_cases) name them."""

from partner_contact.models import Partner
from partner_contact.worklist import linked_cases, scoped, with_linked_references
from tests.partner_contact.factories import PartnerFactory, RelationshipFactory


def test_linked_references_are_the_prefetched_links_references(
    partner_worker, django_assert_num_queries
):
    """The worklist reads her linked cases' references as pairs, in one query
    (none without women): the same references, in the same order, as the links
    the section pages prefetch (linked_cases), for women with two links, one and
    none, a woman twice in the rows (two sections) included."""
    org = partner_worker.organisation
    two = PartnerFactory(
        organisation=org, partner_support_worker=partner_worker, name="Two Links"
    )
    for reference in ("Z-900", "A-100"):
        RelationshipFactory(
            partner=two, participant__organisation=org, participant__reference=reference
        )
    one = PartnerFactory(
        organisation=org, partner_support_worker=partner_worker, name="One Link"
    )
    RelationshipFactory(partner=one, participant__organisation=org)
    none = PartnerFactory(
        organisation=org, partner_support_worker=partner_worker, name="No Link"
    )
    _partners, relationships = scoped(partner_worker)
    women = list(Partner.objects.filter(pk__in=[two.pk, one.pk, none.pk]))
    with django_assert_num_queries(1):
        with_linked_references(women + women[:1], relationships)
    prefetched = Partner.objects.filter(pk__in=[two.pk, one.pk, none.pk])
    links = {
        p.pk: [link.participant.reference for link in p.linked_cases]
        for p in prefetched.prefetch_related(linked_cases(relationships))
    }
    assert {p.pk: p.linked_references for p in women} == links
    assert links[two.pk] == ["A-100", "Z-900"] and links[none.pk] == []
    with django_assert_num_queries(0):
        with_linked_references([], relationships)
