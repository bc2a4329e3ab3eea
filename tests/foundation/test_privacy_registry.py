import pytest

from hmc_portal.privacy.registry import (
    BlockerRegistry,
    DataShredder,
    ExportSection,
    ShredderRegistry,
)


class Notes(DataShredder):
    name = "test.notes"

    def __init__(self, text="notes"):
        self.text = text

    def export(self, user):
        return ExportSection(data=[self.text])


def test_a_shredder_registered_again_replaces_the_first_and_keeps_its_place():
    registry = ShredderRegistry()
    first = Notes("first")
    registry.register(first)

    class Other(Notes):
        name = "test.other"

    registry.register(Other())
    registry.register(Notes("second"))

    assert [s.name for s in registry] == ["test.notes", "test.other"]
    assert registry.get("test.notes").export(None).data == ["second"]


def test_a_shredder_without_a_name_is_refused():
    with pytest.raises(ValueError):
        ShredderRegistry().register(DataShredder())


def test_blockers_give_only_the_reasons_that_apply():
    registry = BlockerRegistry()
    registry.register("enrolment", lambda user: "Withdraw first." if user == "enrolled" else None)
    registry.register("never", lambda user: None)

    assert registry.reasons("enrolled") == ["Withdraw first."]
    assert registry.reasons("someone else") == []
