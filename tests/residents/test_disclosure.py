"""What each audience is shown of a woman and a child: one expected output per case, all from residents.disclosure."""

import pytest

from residents.disclosure import Audience, case_number_shown, child_shown, may_see_identity, woman_shown

from .factories import ChildFactory, ResidentFactory

pytestmark = pytest.mark.django_db

# (audience, protected with an alias, protected without an alias, not protected), for a staff member who is
# not her contact person; "{case}" is her case number.
WOMAN = [
    (Audience.STAFF_LIST, "Amina ***", "Amina ***", "Berit Lund"),
    (Audience.BOARD, "Amina", "Amina", "Berit"),
    (Audience.RECORD, "Amina ***", "Amina ***", "Berit Lund"),
    (Audience.VOLUNTEER, "Lilja", "(alias inte valt än)", "Berit"),
    (Audience.PRINTED_COPY, "Lilja", "", "Berit"),
    (Audience.EXPORT, "Lilja", "{case}", "{case}"),
]
CASE_NUMBER = [
    (Audience.STAFF_LIST, True, True),
    (Audience.RECORD, True, True),
    (Audience.VOLUNTEER, False, False),
    (Audience.PRINTED_COPY, False, True),
    (Audience.EXPORT, True, True),
]
# (audience, a child, a protected child)
CHILD = [
    (Audience.STAFF_LIST, "Omar", "Omar"),
    (Audience.BOARD, "Omar", "Omar"),
    (Audience.RECORD, "Omar", "Omar"),
    (Audience.VOLUNTEER, "ett barn fött 2019", "ett barn fött 2019"),
    (Audience.PRINTED_COPY, "Omar", "ett barn fött 2019"),
    (Audience.EXPORT, "ett barn fött 2019", "ett barn fött 2019"),
]


@pytest.fixture
def women():
    protected = dict(first_name="Amina", last_name="Hemligsson", protection_level="protected_registration")
    return {
        "with_alias": ResidentFactory(alias="Lilja", **protected),
        "without_alias": ResidentFactory(alias="", **protected),
        "plain": ResidentFactory(first_name="Berit", last_name="Lund", alias=""),
    }


@pytest.mark.parametrize(("audience", "with_alias", "without_alias", "plain"), WOMAN)
def test_a_woman_for_each_audience(women, staff, audience, with_alias, without_alias, plain):
    for key, expected in (("with_alias", with_alias), ("without_alias", without_alias), ("plain", plain)):
        woman = women[key]
        assert woman_shown(woman, audience, user=staff) == expected.format(case=woman.case_number), key


@pytest.mark.parametrize(("audience", "protected_shown", "plain_shown"), CASE_NUMBER)
def test_her_case_number_for_each_audience(women, audience, protected_shown, plain_shown):
    for key, shown in (("without_alias", protected_shown), ("plain", plain_shown)):
        woman = women[key]
        assert case_number_shown(woman, audience) == (woman.case_number if shown else ""), key


def test_her_record_names_her_to_her_contact_persons_the_coordinator_or_after_a_reveal(women, staff, coordinator):
    woman = women["with_alias"]
    assert woman_shown(woman, Audience.RECORD, user=coordinator) == "Amina Hemligsson"
    assert woman_shown(woman, Audience.RECORD, user=staff, revealed=True) == "Amina Hemligsson"
    woman.contact_persons.add(staff)
    assert may_see_identity(woman, staff)
    assert woman_shown(woman, Audience.RECORD, user=staff) == "Amina Hemligsson"


def test_a_contact_woman_never_may_see_her_identity(women, volunteer_user):
    assert not may_see_identity(women["plain"], volunteer_user)


@pytest.mark.parametrize(("audience", "child", "protected_child"), CHILD)
def test_a_child_for_each_audience(audience, child, protected_child):
    plain = ChildFactory(first_name="Omar", birth_year=2019)
    protected = ChildFactory(first_name="Omar", birth_year=2019, protection_level="confidentiality_marking")
    assert (child_shown(plain, audience), child_shown(protected, audience)) == (child, protected_child)
