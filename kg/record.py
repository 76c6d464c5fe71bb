"""Plain classes with named fields, as ``dataclasses`` makes them, for the modules a cold
``kg query`` imports: ``dataclasses`` imports ``inspect`` (with ``ast``, ``dis``,
``tokenize``), about 5 ms of a command that otherwise costs little more than the store's own
answer. A record keeps its fields in ``__slots__`` and writes its ``__init__`` itself; this
base gives it the repr and the equality a dataclass would have.
"""

from __future__ import annotations


class Record:
    """Fields named by ``_fields`` (in ``__slots__``, with any field kept out of the repr and
    of equality, such as a cache): ``Name(a=1, b=2)``, equal to a record of the same class
    with equal fields. Unhashable, as a dataclass that is not frozen; a frozen one defines
    ``__hash__ = Record.field_hash``."""

    __slots__ = ()
    #: the fields the repr shows and equality compares, in order
    _fields: tuple[str, ...] = ()

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self._fields)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({shown})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]

    def field_hash(self) -> int:
        """The hash of a record whose fields never change (a frozen dataclass's)."""
        return hash(self._values())
