"""The API's errors: one JSON shape, and one table from exception class to HTTP status.

Routes and middleware raise the classes of seismo.errors (NotFound, AuthMissing, a stage's
InputError...), never a status or a literal code; the handlers installed here answer every one
of them, FastAPI's own 404/405/422 and any unexpected exception (500) with
{"error": {"code": ..., "message": ..., "detail": ...}}.
"""
from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from seismo.errors import (AuthMissing, BinaryInput, BodyTooLarge, ConflictingId, DatabaseBusy, ExtractionError,
                           InputError, InternalError, InvalidRequest, MethodNotAllowed, NotFound, SeismoError,
                           ServerBusy, WritesDisabled)

log = logging.getLogger(__name__)

BUSY_RETRY_AFTER_S = 5     # the Retry-After of every 503

# Exception class -> HTTP status. The most specific class listed wins (its MRO is walked), so
# a stage's error not listed answers as its family does.
HTTP_STATUS: dict[type[SeismoError], int] = {
    AuthMissing: 401,
    WritesDisabled: 403,
    NotFound: 404,
    MethodNotAllowed: 405,
    BodyTooLarge: 413,
    InvalidRequest: 422,
    InternalError: 500,
    ServerBusy: 503,
    DatabaseBusy: 503,      # a CLI writer holds the DuckDB file: retry shortly
    ConflictingId: 409,     # the id holds another document
    BinaryInput: 400,       # a NUL character in the request (NulGuard), refused before any route
    InputError: 422,        # a posted document or a filter a stage cannot use (E101, E106, E120...)
    ExtractionError: 422,   # a posted document past its time budget (E301)
    SeismoError: 400,
}
# FastAPI/Starlette's own HTTP errors (no route, wrong method) as the class of their status.
_BY_STATUS = {status: cls for cls, status in HTTP_STATUS.items() if cls.code == f"HTTP{status}"}


def status_of(exc: SeismoError) -> int:
    for cls in type(exc).__mro__:
        if cls in HTTP_STATUS:
            return HTTP_STATUS[cls]
    return 400


def error_response(exc: SeismoError) -> JSONResponse:
    """The error body and status of an exception (503s say when to retry)."""
    status = status_of(exc)
    response = _json(status, exc.code, exc.message, exc.detail)
    if status == 503:
        response.headers["Retry-After"] = str(BUSY_RETRY_AFTER_S)
    return response


def _json(status: int, code: str, message: str, detail: Any = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, "detail": detail}}, status_code=status)


# The documented error body, referenced by every route's `responses`.
ERROR_SCHEMA = {"type": "object", "properties": {"error": {
    "type": "object", "required": ["code", "message"],
    "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "detail": {}}}}}
ERRORS = {400: {"description": "A NUL character in a parameter or the body (E102)",
                "content": {"application/json": {"schema": ERROR_SCHEMA}}},
          422: {"description": "Invalid parameters", "content": {"application/json": {"schema": ERROR_SCHEMA}}}}
NOT_FOUND = {404: {"description": "Not found", "content": {"application/json": {"schema": ERROR_SCHEMA}}}, **ERRORS}
WRITE_ERRORS = {401: {"description": "Missing or wrong X-API-Key"},
                403: {"description": "Writes disabled: no key configured"},
                409: {"description": "A different document is stored with this id (E107)",
                      "content": {"application/json": {"schema": ERROR_SCHEMA}}}, **NOT_FOUND}


def install_errors(app: FastAPI) -> None:
    """Every error, whoever raises it, answered in the one shape."""
    @app.exception_handler(SeismoError)
    async def seismo_error(_: Request, exc: SeismoError):
        return error_response(exc)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException):
        return _from_starlette(exc)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError):
        detail = [{"loc": list(e.get("loc", [])), "msg": e.get("msg")} for e in exc.errors()]
        return error_response(InvalidRequest("invalid request parameters", detail=detail))

    @app.exception_handler(Exception)
    async def server_error(_: Request, exc: Exception):
        log.exception("internal error")
        return error_response(InternalError(f"internal error: {type(exc).__name__}"))


def _from_starlette(exc: StarletteHTTPException) -> JSONResponse:
    if isinstance(exc.__cause__, SeismoError):   # raised while FastAPI read the body (BodyLimit, NulGuard)
        return error_response(exc.__cause__)
    cls = _BY_STATUS.get(exc.status_code)
    if cls is None:   # a status no class stands for: passed on as HTTP + the status
        return _json(exc.status_code, f"HTTP{exc.status_code}", str(exc.detail))
    return error_response(cls(str(exc.detail)))
