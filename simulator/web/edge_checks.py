"""Checks at the edge, before a route runs (issue 18): numbers that do not fit the database.

A path or query parameter declared as an integer is compared with the database's integer range before
the route is called: ``/api/hr/cohorts/9223372036854775808`` (SQLite ``OverflowError``) or
``/api/hr/cohorts/2147483648`` (PostgreSQL ``integer out of range``) used to answer 500. Now it is a
422 that names the parameter. A number inside a body that slips past its model is caught by the
``OverflowError`` / ``DataError`` handler in ``app.py`` and answered the same way.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError

DB_INT_MAX = 2**31 - 1  # PostgreSQL INTEGER, the narrowest id column the app stores
OUT_OF_RANGE = f"must be a whole number between {-DB_INT_MAX - 1} and {DB_INT_MAX}"


def _is_int(annotation: Any) -> bool:
    if annotation is int:
        return True
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _is_int(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return any(_is_int(a) for a in typing.get_args(annotation) if a is not type(None))
    return False


def _too_big(raw: str) -> bool:
    text = raw.strip()
    digits = text[1:] if text[:1] in "+-" else text
    return digits.isdigit() and not -DB_INT_MAX - 1 <= int(text) <= DB_INT_MAX


def _params(route: Any) -> tuple[list[Any], list[Any]]:
    """The route's integer path and query parameters, its dependencies' included (computed once per route)."""
    found = getattr(route, "_int_params", None)
    if found is None:
        path: list[Any] = []
        query: list[Any] = []
        todo = [route.dependant]
        while todo:
            current = todo.pop()
            path += [p for p in current.path_params if _is_int(p.field_info.annotation)]
            query += [q for q in current.query_params if _is_int(q.field_info.annotation)]
            todo.extend(current.dependencies)
        found = route._int_params = (path, query)
    return found


async def numbers_fit(request: Request) -> None:
    """App-wide dependency: every integer path or query parameter fits the database."""
    route = request.scope.get("route")
    if getattr(route, "dependant", None) is None:
        return
    path, query = _params(route)
    errors = []
    for source, params, values in (("path", path, request.path_params), ("query", query, request.query_params)):
        for param in params:
            raw = values.get(param.alias)
            if isinstance(raw, str) and _too_big(raw):
                errors.append({"type": "value_error", "loc": (source, param.alias), "msg": OUT_OF_RANGE,
                               "input": raw})
    if errors:
        raise RequestValidationError(errors)
