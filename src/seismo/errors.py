"""The exception tree, in one place (codes are stable and appear in rejections and API errors).

SeismoError                      base; every error has a `code`
├── InputError        (E1xx)     a document or input item cannot be used
│   ├── EmptyInput         E101  nothing but whitespace
│   ├── BinaryInput        E102  binary content (NUL bytes, non-text)
│   ├── EncodingError      E103  not valid UTF-8 (and not decodable by the fallback)
│   ├── TooLarge           E104  over the size limit (see seismo.config.MAX_DOCUMENT_BYTES)
│   ├── MalformedRecord    E105  a JSONL line / feed entry that cannot be parsed
│   ├── NoArticle          E106  HTML page with no extractable article text
│   ├── ConflictingId      E107  same id already stored with different content
│   ├── InvalidActorFile   E108  an actor file (CSV for `seismo actors import`) with invalid rows
│   └── InvalidFilter      E120  a query filter that cannot be used (CLI option, API parameter)
├── LanguageError     (E2xx)
│   └── UnsupportedLanguage E201 document stored, not processed
├── ExtractionError   (E3xx)     a stage failed on one document (the batch goes on)
│   ├── TimeBudgetExceeded E301  a stage ran past the per-document time budget
│   └── ResolverFailed     E302  a resolver raised on one input: logged, counted, field left empty
├── StoreError        (E4xx)
│   ├── DatabaseBusy       E401  another writer holds the database
│   └── MigrationError     E402
├── ConfigError       (E5xx)
└── RequestError      (HTTPnnn)  an HTTP request the API refuses; the code is HTTP + its status
    ├── AuthMissing        HTTP401  missing or wrong X-API-Key
    ├── WritesDisabled     HTTP403  write routes off: no API key configured
    ├── NotFound           HTTP404  no such route, event, document, incident or alert
    ├── MethodNotAllowed   HTTP405  the route exists, not with this method
    ├── BodyTooLarge       HTTP413  request body over the API's limit
    ├── InvalidRequest     HTTP422  parameters that fail validation (`detail` lists them)
    ├── InternalError      HTTP500  a bug: the server logs the traceback
    └── ServerBusy         HTTP503  no capacity now (e.g. a geoparse slot); retry after a while

The HTTP status each class answers with is one table, seismo.serve.api_errors.HTTP_STATUS.
"""
from __future__ import annotations


class SeismoError(Exception):
    code = "E000"

    def __init__(self, message: str = "", **context):
        super().__init__(message)
        self.message = message
        self.context = context

    @property
    def detail(self):
        """Structured detail for the API's error body (None unless given as `detail=`)."""
        return self.context.get("detail")

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InputError(SeismoError):
    code = "E100"


class EmptyInput(InputError):
    code = "E101"


class BinaryInput(InputError):
    code = "E102"


class EncodingError(InputError):
    code = "E103"


class TooLarge(InputError):
    code = "E104"


class MalformedRecord(InputError):
    code = "E105"


class NoArticle(InputError):
    code = "E106"


class ConflictingId(InputError):
    code = "E107"


class InvalidFilter(InputError):
    code = "E120"


class InvalidActorFile(InputError):
    code = "E108"


class LanguageError(SeismoError):
    code = "E200"


class UnsupportedLanguage(LanguageError):
    code = "E201"


class ExtractionError(SeismoError):
    code = "E300"


class TimeBudgetExceeded(ExtractionError):
    code = "E301"


class ResolverFailed(ExtractionError):
    """Not raised out of the coder: the event keeps its other fields, and the failure is logged
    with its traceback and counted per document and per run (extract.resolvers)."""
    code = "E302"


class StoreError(SeismoError):
    code = "E400"


class DatabaseBusy(StoreError):
    code = "E401"


class MigrationError(StoreError):
    code = "E402"


class ConfigError(SeismoError):
    code = "E500"


class RequestError(SeismoError):
    code = "HTTP400"


class AuthMissing(RequestError):
    code = "HTTP401"


class WritesDisabled(RequestError):
    code = "HTTP403"


class NotFound(RequestError):
    code = "HTTP404"


class MethodNotAllowed(RequestError):
    code = "HTTP405"


class BodyTooLarge(RequestError):
    code = "HTTP413"


class InvalidRequest(RequestError):
    code = "HTTP422"


class InternalError(RequestError):
    code = "HTTP500"


class ServerBusy(RequestError):
    code = "HTTP503"


def error_class(code: str) -> type[SeismoError]:
    """The class whose code this is (a stored rejection's code back to its exception);
    SeismoError for a code no class has."""
    found = {cls.code: cls for cls in _subclasses(SeismoError)}
    return found.get(code, SeismoError)


def _subclasses(cls: type) -> list[type]:
    out = [cls]
    for sub in cls.__subclasses__():
        out += _subclasses(sub)
    return out
