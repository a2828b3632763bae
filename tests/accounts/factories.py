import factory
from django.contrib.auth.models import Group

from accounts.models import Organisation, User

TEST_PASSWORD = "correct-horse-battery-staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Test Programme {n} (fictional)")


class UserFactory(factory.django.DjangoModelFactory):
    """A worker of an organisation, in the permission group of their role."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"worker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Worker{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    organisation = factory.SubFactory(OrganisationFactory)
    role = User.Role.CASEWORKER
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def role_group(self, create, extracted, **kwargs):
        if create and self.role:
            self.groups.set([Group.objects.get(name=self.role)])


class FacilitatorFactory(UserFactory):
    role = User.Role.FACILITATOR


class CaseworkerFactory(UserFactory):
    role = User.Role.CASEWORKER


class PartnerSupportFactory(UserFactory):
    role = User.Role.PARTNER_SUPPORT


class ManagerFactory(UserFactory):
    role = User.Role.MANAGER


class OrgAdminFactory(UserFactory):
    role = User.Role.ORG_ADMIN
