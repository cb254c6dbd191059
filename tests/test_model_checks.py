"""Every field of every part has its one validator (`model._Checked`), and its messages name the
field by its own model's title for it, on load and on assignment."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from postmortem_tui.core import model as m
from postmortem_tui.core.validators import MAX_ROWS

PARTS = sorted(
    (c for c in vars(m).values()
     if isinstance(c, type) and issubclass(c, m.Part) and c is not m.Part),
    key=lambda c: c.__name__,
)
# Fields whose own check runs before the sizes, and says something else of a long list.
_CHECKED_FIRST = {"severity", "status", "priority", "category", "link", "version"}


@pytest.mark.parametrize("part", PARTS, ids=lambda c: c.__name__)
def test_each_field_has_one_validator_naming_it_by_its_title(part: type[m.Part]) -> None:
    for name, info in part.model_fields.items():
        assert sum(isinstance(x, m._Checked) for x in info.metadata) == 1, name
        if name in _CHECKED_FIRST:
            continue
        rows = ["x"] * (MAX_ROWS + 1)
        want = f"{part.label_of(name)} has {MAX_ROWS + 1:,} rows; at most {MAX_ROWS:,} are allowed"
        with pytest.raises(ValidationError) as loaded:
            part.model_validate({name: rows})
        assert m.error_message(loaded.value) == want
        assert loaded.value.errors()[0]["loc"] == (name,)
        with pytest.raises(ValidationError) as assigned:
            setattr(part(), name, rows)
        assert m.error_message(assigned.value) == want


def test_a_date_refused_in_a_nested_row_names_that_rows_field() -> None:
    with pytest.raises(ValidationError) as exc:
        m.PostMortem.model_validate({"signoff": {"reviewers": [{"date_reviewed": "soon"}]}})
    err = exc.value.errors()[0]
    assert err["loc"] == ("signoff", "reviewers", 0, "date_reviewed")
    assert m.error_message(exc.value) == 'Date reviewed must be a date as YYYY-MM-DD, got "soon"'
