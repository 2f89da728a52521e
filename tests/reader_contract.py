"""Whether a class offers what `OdooReader` declares, with the same signatures: the check that
`OdooClient` and the tests' fake really are readers (a Protocol alone checks nothing at run
time, and `isinstance` on a runtime Protocol would evaluate the client's properties, which
connect)."""

from __future__ import annotations

import inspect
from typing import Any, get_type_hints

from nkdash_desktop.odoo.reader import OdooReader


def reader_members() -> tuple[dict[str, Any], list[str], list[str]]:
    """(attribute -> type, property names, method names) that OdooReader declares."""
    attributes = get_type_hints(OdooReader)
    properties, methods = [], []
    for name, value in vars(OdooReader).items():
        if name.startswith("_"):
            continue
        if isinstance(value, property):
            properties.append(name)
        elif callable(value):
            methods.append(name)
    return attributes, sorted(properties), sorted(methods)


def mismatches(cls: type, instance: object) -> list[str]:
    """What `cls` (and its `instance`, for attributes set in __init__) lacks or declares
    differently from OdooReader; [] when it is a reader."""
    attributes, properties, methods = reader_members()
    problems = []
    for name, kind in attributes.items():
        if not isinstance(getattr(instance, name, None), kind):
            problems.append(f"attribute {name}: not a {kind.__name__}")
    for name in properties:
        theirs = inspect.getattr_static(cls, name, None)
        if not isinstance(theirs, property) or theirs.fget is None:
            problems.append(f"{name}: not a property")
            continue
        ours = get_type_hints(getattr(OdooReader, name).fget)["return"]
        if get_type_hints(theirs.fget)["return"] is not ours:
            problems.append(f"{name}: returns another type than {ours.__name__}")
    for name in methods:
        theirs = inspect.getattr_static(cls, name, None)
        if not callable(theirs):
            problems.append(f"{name}: missing")
            continue
        expected, got = _signature(getattr(OdooReader, name)), _signature(theirs)
        if expected != got:
            problems.append(f"{name}{got} differs from {name}{expected}")
    return problems


def _signature(fn: Any) -> inspect.Signature:
    """The signature with its annotations resolved (the modules postpone them as strings)."""
    hints = get_type_hints(fn)
    sig = inspect.signature(fn)
    params = [
        p.replace(annotation=hints.get(p.name, p.annotation)) for p in sig.parameters.values()
    ]
    return sig.replace(parameters=params, return_annotation=hints.get("return"))
