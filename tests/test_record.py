"""The records the document is built of (`core/record.py`): pydantic-core validates them as a
`pydantic.BaseModel` with the same fields would, without pydantic's model machinery."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
import subprocess
import sys
from enum import StrEnum
from typing import Annotated, Any

import pydantic
import pytest
from pydantic_core import CoreSchema, ValidationError, core_schema

from postmortem_tui.core import model as m
from postmortem_tui.core.record import Field, Record


class Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


class _Upper:
    def wrap_schema(self, inner: CoreSchema) -> CoreSchema:
        return core_schema.no_info_before_validator_function(
            lambda v: v.upper() if isinstance(v, str) else v, inner
        )


class Leaf(Record):
    name: Annotated[str, _Upper()] = Field(default="", title="Name")
    count: int = Field(default=1, ge=1)
    when: dt.date | None = None
    colour: Colour | None = None
    tags: list[str] = Field(default_factory=list)


class Tree(Record):
    leaf: Leaf = Field(default_factory=Leaf)
    leaves: list[Leaf] = Field(default_factory=list)
    flag: bool | None = None


def test_fields_validate_when_built_and_on_assignment() -> None:
    leaf = Leaf(name="ab", when="2026-03-04", colour="blue")
    assert (leaf.name, leaf.when, leaf.colour) == ("AB", dt.date(2026, 3, 4), Colour.BLUE)
    leaf.name = "cd"
    assert leaf.name == "CD"
    with pytest.raises(ValidationError) as caught:
        leaf.count = 0
    assert caught.value.errors(include_url=False)[0]["type"] == "greater_than_equal"
    assert leaf.count == 1  # a refused value leaves the old one


def test_unknown_keys_and_attributes_are_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        Leaf.model_validate({"nam": "x"})
    assert caught.value.errors(include_url=False)[0]["type"] == "extra_forbidden"
    with pytest.raises(ValidationError) as caught:
        Leaf().nam = "x"  # type: ignore[attr-defined]
    assert caught.value.errors(include_url=False)[0]["type"] == "no_such_attribute"


def test_nested_records_and_their_error_locations() -> None:
    tree = Tree.model_validate({"leaf": {"name": "x"}, "leaves": [{}, {"count": 2}]})
    assert tree.leaf.name == "X" and [leaf.count for leaf in tree.leaves] == [1, 2]
    with pytest.raises(ValidationError) as caught:
        Tree.model_validate({"leaves": [{}, {"when": "soon"}]})
    assert caught.value.errors(include_url=False)[0]["loc"] == ("leaves", 1, "when")
    same = Leaf()
    assert Tree(leaf=same).leaf is same  # a record given is kept, not validated again


def test_defaults_are_fresh_and_not_validated() -> None:
    a, b = Tree(), Tree()
    a.leaves.append(Leaf())
    assert b.leaves == [] and a.leaf is not b.leaf


def test_dump_copy_construct_compare() -> None:
    tree = Tree(leaf=Leaf(name="a", colour="red"), leaves=[Leaf(tags=["t"])])
    dumped = tree.model_dump()
    assert dumped["leaf"] == {"name": "A", "count": 1, "when": None, "colour": Colour.RED,
                              "tags": []}
    assert tree.model_dump(mode="json")["leaf"]["colour"] == "red"
    assert "when" not in tree.model_dump(exclude_none=True)["leaf"]
    assert '"colour":"red"' in tree.model_dump_json()
    assert Tree.model_validate(dumped) == tree

    shallow, deep = tree.model_copy(), tree.model_copy(deep=True)
    assert shallow == tree == deep
    assert shallow.leaves is tree.leaves and deep.leaves is not tree.leaves
    assert copy.deepcopy(tree) == tree and copy.copy(tree).leaf is tree.leaf
    assert pickle.loads(pickle.dumps(tree)) == tree
    updated = tree.model_copy(update={"flag": True})
    assert updated.flag is True and tree.flag is None

    built = Tree.model_construct(flag=False)
    assert built.flag is False and built.leaves == [] and built.__pydantic_fields_set__ == {"flag"}
    assert dict(Leaf()) == Leaf().model_dump()
    assert Leaf() != Tree() and Leaf() != 3 and Leaf(name="a") != Leaf()
    with pytest.raises(TypeError):
        hash(Leaf())
    assert repr(Leaf(name="a")).startswith("Leaf(name='A', count=1")


def test_model_fields_describe_each_field() -> None:
    info = Leaf.model_fields["name"]
    assert (info.annotation, info.title, info.default) == (str, "Name", "")
    assert isinstance(info.metadata[0], _Upper)
    assert Leaf.model_fields["when"].annotation == dt.date | None
    assert list(Tree.model_fields) == ["leaf", "leaves", "flag"]
    assert not hasattr(Leaf, "name")  # the defaults live on the instances


def test_declarations_it_cannot_build_are_refused() -> None:
    with pytest.raises(TypeError, match="no schema"):
        class Odd(Record):
            value: dict[str, Any] = Field(default_factory=dict)
    with pytest.raises(TypeError, match="inherited"):
        class MoreLeaf(Leaf):
            more: str = ""


def test_validation_error_is_pydantics() -> None:
    assert ValidationError is pydantic.ValidationError


def test_the_document_builds_without_pydantic_models() -> None:
    """Loading, checking and exporting a draft never imports pydantic's model machinery."""
    script = (
        "import sys\n"
        "from postmortem_tui.core.demo import demo_document\n"
        "from postmortem_tui.core.export import to_markdown\n"
        "from postmortem_tui.core.model import PostMortem\n"
        "doc = PostMortem.model_validate(demo_document().model_dump())\n"
        "to_markdown(doc)\n"
        "print(sorted(k for k in sys.modules if k in ('pydantic.main', 'pydantic.fields',\n"
        "      'pydantic._internal._generate_schema')))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_every_part_is_a_record_with_titled_fields() -> None:
    parts = [c for c in vars(m).values()
             if isinstance(c, type) and issubclass(c, m.Part) and c is not m.Part]
    assert m.PostMortem in parts and m.Header in parts
    for part in parts:
        part()  # every default is valid
        for name in part.model_fields:
            assert part.label_of(name)

