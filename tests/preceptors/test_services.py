import pytest

from preceptors.errors import PreceptorError
from preceptors.services import update_preceptor_profile
from tests.factories import PreceptorFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_preceptor_updates_their_profile():
    preceptor = PreceptorFactory(title="MD")

    update_preceptor_profile(
        preceptor=preceptor, by=preceptor.user, title=" MD, PhD ", affiliation="UTHealth", bio=""
    )

    preceptor.refresh_from_db()
    assert (preceptor.title, preceptor.affiliation) == ("MD, PhD", "UTHealth")


def test_staff_may_update_a_preceptors_profile():
    preceptor = PreceptorFactory()

    update_preceptor_profile(
        preceptor=preceptor, by=StaffFactory(), title="DO", affiliation="Baylor", bio="New."
    )

    preceptor.refresh_from_db()
    assert preceptor.bio == "New."


def test_someone_else_cannot_update_a_preceptors_profile():
    preceptor = PreceptorFactory(title="MD")

    with pytest.raises(PreceptorError):
        update_preceptor_profile(
            preceptor=preceptor, by=UserFactory(), title="Quack", affiliation="x", bio=""
        )

    preceptor.refresh_from_db()
    assert preceptor.title == "MD"
