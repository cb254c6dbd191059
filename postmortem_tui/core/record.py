"""Validated records on pydantic's core: the base of the document's parts.

A record declares its fields as a pydantic model would (`name: Annotated[type, validator] =
Field(default=..., title=...)`). Its core schema is written here from the few kinds of field the
document has (text, numbers, flags, times, dates, choices, lists and other parts), and
`pydantic_core` validates and serializes it: the same validators, the same
`pydantic_core.ValidationError` and messages as a `pydantic.BaseModel` with these fields. What it
leaves out is pydantic's machinery for models of any shape (`pydantic.main` and its schema
generator): importing and building it cost more than the whole process that reads a draft.

The API is the subset of `BaseModel`'s the project uses, with its names and meaning:
`model_validate`, `model_dump`, `model_dump_json`, `model_copy`, `model_construct`,
`model_fields`, iteration over (name, value); every record validates on assignment and refuses
unknown keys.
"""

from __future__ import annotations

import copy
import datetime as dt
import enum
import inspect
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, Protocol, Self, dataclass_transform

from pydantic_core import CoreSchema, SchemaSerializer, SchemaValidator, core_schema

_MISSING: Any = object()
_T = typing.TypeVar("_T")


class SchemaWrapper(Protocol):
    """Metadata of an `Annotated` field that wraps the schema of what it annotates (a field's
    validator, run before the type's own check)."""

    def wrap_schema(self, inner: CoreSchema) -> CoreSchema: ...


@dataclass(frozen=True, slots=True)
class FieldInfo:
    """One field of a record: its type without the `Annotated` metadata (kept apart), its
    default and title."""

    annotation: Any
    metadata: tuple[Any, ...] = ()
    default: Any = _MISSING
    default_factory: Callable[[], Any] | None = None
    title: str | None = None
    ge: int | None = None

    def make_default(self) -> Any:
        return self.default_factory() if self.default_factory is not None else self.default


@dataclass(frozen=True, slots=True)
class _FieldSpec:
    default: Any
    default_factory: Callable[[], Any] | None
    title: str | None
    ge: int | None


def Field(
    *,
    default: Any = _MISSING,
    default_factory: Callable[[], Any] | None = None,
    title: str | None = None,
    ge: int | None = None,
) -> Any:
    """A field's default (or the function that makes it), its title and, for a number, its least
    value."""
    return _FieldSpec(default, default_factory, title, ge)


def _schema_of(annotation: Any, ge: int | None = None) -> CoreSchema:
    """The core schema of one field's type, as pydantic would build it for that type."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *metadata = typing.get_args(annotation)
        schema = _schema_of(base, ge)
        for meta in metadata:
            schema = meta.wrap_schema(schema)
        return schema
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(members) != 1 or len(typing.get_args(annotation)) != 2:
            raise TypeError(f"only `X | None` unions are supported, not {annotation}")
        return core_schema.nullable_schema(_schema_of(members[0], ge))
    if origin is list:
        (item,) = typing.get_args(annotation)
        return core_schema.list_schema(_schema_of(item))
    if annotation is bool:
        return core_schema.bool_schema()
    if annotation is int:
        return core_schema.int_schema() if ge is None else core_schema.int_schema(ge=ge)
    if annotation is str:
        return core_schema.str_schema()
    if annotation is dt.time:
        return core_schema.time_schema()
    if annotation is dt.date:
        return core_schema.date_schema()
    if isinstance(annotation, type) and issubclass(annotation, enum.StrEnum):
        return core_schema.enum_schema(annotation, list(annotation), sub_type="str")
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return annotation.__pydantic_core_schema__
    raise TypeError(f"no schema for a field of type {annotation!r}")


def _split(annotation: Any) -> tuple[Any, tuple[Any, ...]]:
    """`annotation` without its `Annotated` metadata, and the metadata (as pydantic's
    `FieldInfo.annotation` and `.metadata`)."""
    if typing.get_origin(annotation) is typing.Annotated:
        base, *metadata = typing.get_args(annotation)
        return base, tuple(metadata)
    return annotation, ()


_object_setattr = object.__setattr__


@dataclass_transform(kw_only_default=True, field_specifiers=(Field,))
class Record:
    """Base of a validated record: fields declared by annotation, validated when built and on
    assignment, unknown keys refused."""

    # Where pydantic_core keeps an instance's state (as on `BaseModel`): the field values in
    # `__dict__`, the names given in `__pydantic_fields_set__`.
    __slots__ = (
        "__dict__",
        "__pydantic_extra__",
        "__pydantic_fields_set__",
        "__pydantic_private__",
    )

    model_fields: ClassVar[dict[str, FieldInfo]] = {}
    __pydantic_core_schema__: ClassVar[CoreSchema]
    __pydantic_fields_set__: set[str]
    __pydantic_extra__: dict[str, Any] | None
    __pydantic_private__: dict[str, Any] | None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if any(base.model_fields for base in cls.__mro__[1:] if issubclass(base, Record)):
            raise TypeError("a record's fields are declared on its own class, not inherited")
        fields: dict[str, FieldInfo] = {}
        schemas: dict[str, core_schema.ModelField] = {}
        for name, annotation in inspect.get_annotations(cls, eval_str=True).items():
            if name.startswith("_") or getattr(annotation, "__origin__", None) is ClassVar:
                continue
            given = cls.__dict__.get(name, _MISSING)
            spec = given if isinstance(given, _FieldSpec) else _FieldSpec(given, None, None, None)
            if given is not _MISSING:
                delattr(cls, name)  # the value lives on each instance, as pydantic's
            fields[name] = FieldInfo(*_split(annotation), spec.default, spec.default_factory,
                                     spec.title, spec.ge)
            schemas[name] = _field_schema(annotation, spec)
        cls.model_fields = fields
        title = cls.__name__  # a validator finds the field's title through it (`info.config`)
        cls.__pydantic_core_schema__ = core_schema.model_schema(
            cls,
            core_schema.model_fields_schema(schemas, model_name=title),
            config=core_schema.CoreConfig(title=title, extra_fields_behavior="forbid"),
            custom_init=False,
            root_model=False,
        )

    # The validator and serializer are built on first use: a command that never validates a
    # part of some kind never builds its.
    @classmethod
    def _validator(cls) -> SchemaValidator:
        return _built(cls, "_built_validator", SchemaValidator)

    @classmethod
    def _serializer(cls) -> SchemaSerializer:
        return _built(cls, "_built_serializer", SchemaSerializer)

    def __init__(self, **data: Any) -> None:
        type(self)._validator().validate_python(data, self_instance=self)

    @classmethod
    def model_validate(cls, obj: Any) -> Self:
        """A record from a mapping of its fields (a record of this kind is kept as it is)."""
        return typing.cast(Self, cls._validator().validate_python(obj))

    @classmethod
    def model_construct(cls, **values: Any) -> Self:
        """A record from values already valid, not checked; missing fields get their default."""
        m = cls.__new__(cls)
        data = {
            name: values[name] if name in values else info.make_default()
            for name, info in cls.model_fields.items()
        }
        _object_setattr(m, "__dict__", data)
        _object_setattr(m, "__pydantic_fields_set__", set(values) & set(data))
        _object_setattr(m, "__pydantic_extra__", None)
        _object_setattr(m, "__pydantic_private__", None)
        return m

    def model_dump(self, *, mode: Literal["python", "json"] = "python",
                   exclude_none: bool = False) -> dict[str, Any]:
        """The fields as plain values (parts as dicts), in the order declared."""
        dumped = type(self)._serializer().to_python(self, mode=mode, exclude_none=exclude_none)
        return typing.cast(dict[str, Any], dumped)

    def model_dump_json(self) -> str:
        return type(self)._serializer().to_json(self).decode()

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy, its values shared (or copied too, `deep`); `update`'s values are not checked."""
        copied = self.__deepcopy__() if deep else self.__copy__()
        if update:
            copied.__dict__.update(update)
            copied.__pydantic_fields_set__.update(update)
        return copied

    def __copy__(self) -> Self:
        cls = type(self)
        m = cls.__new__(cls)
        _object_setattr(m, "__dict__", copy.copy(self.__dict__))
        _object_setattr(m, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))
        _object_setattr(m, "__pydantic_extra__", copy.copy(self.__pydantic_extra__))
        _object_setattr(m, "__pydantic_private__", copy.copy(self.__pydantic_private__))
        return m

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        cls = type(self)
        m = cls.__new__(cls)
        _object_setattr(m, "__dict__", copy.deepcopy(self.__dict__, memo=memo))
        _object_setattr(m, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))
        _object_setattr(m, "__pydantic_extra__", copy.deepcopy(self.__pydantic_extra__, memo))
        _object_setattr(m, "__pydantic_private__",
                        copy.deepcopy(self.__pydantic_private__, memo))
        return m

    def __setattr__(self, name: str, value: Any) -> None:
        # An unknown name is refused by the validator too ("Object has no attribute").
        type(self)._validator().validate_assignment(self, name, value)

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        """(name, value) of each field, in the order declared."""
        yield from self.__dict__.items()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Record):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{type(self).__name__}({fields})"

    def __getstate__(self) -> dict[str, Any]:
        return {
            "__dict__": self.__dict__,
            "__pydantic_fields_set__": self.__pydantic_fields_set__,
            "__pydantic_extra__": self.__pydantic_extra__,
            "__pydantic_private__": self.__pydantic_private__,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            _object_setattr(self, name, value)


def _built(cls: type[Record], name: str, make: Callable[[CoreSchema], _T]) -> _T:
    """`cls`'s validator or serializer (`name`), made from its schema the first time."""
    built = cls.__dict__.get(name)
    if built is None:
        built = make(cls.__pydantic_core_schema__)
        type.__setattr__(cls, name, built)
    return typing.cast(_T, built)


def _field_schema(annotation: Any, spec: _FieldSpec) -> core_schema.ModelField:
    inner = _schema_of(annotation, spec.ge)
    if spec.default_factory is not None:
        inner = core_schema.with_default_schema(inner, default_factory=spec.default_factory)
    elif spec.default is not _MISSING:
        inner = core_schema.with_default_schema(inner, default=spec.default)
    return core_schema.model_field(inner)
