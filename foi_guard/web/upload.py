"""Reading an upload of files into memory, within limits, and nothing onto disk.

Starlette's own form parser spools files over 1 MB to temporary files; uploads here are held in
memory only, counted while they stream in, and refused (HTTP 413) as soon as a limit is passed:
the request's total size, each file's size and the number of files. Form fields come first in
a browser's upload (in the order of the form), so the CSRF field is checked before any file
byte is kept: a file part arriving before it is refused.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

MAX_FIELDS = 16
MAX_FIELD_BYTES = 4096
MAX_NAME_CHARS = 200


class Refused(Exception):
    """The upload is refused; `status` is the HTTP status, the message is shown to people."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(slots=True, frozen=True)
class UploadLimits:
    max_file_bytes: int
    max_request_bytes: int
    max_files: int


@dataclass(slots=True)
class Upload:
    name: str
    data: bytes


@dataclass(slots=True)
class _Part:
    name: str = ""
    filename: str | None = None
    data: bytearray = field(default_factory=bytearray)
    too_large: bool = False
    headers: dict[bytes, bytes] = field(default_factory=dict)


def megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


def display_name(raw: str) -> str:
    """The file's own name, without any folder a browser sent, shortened."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1].strip() or "unnamed file"
    name = "".join(c if c.isprintable() else "_" for c in name)
    return name if len(name) <= MAX_NAME_CHARS else name[:MAX_NAME_CHARS - 1] + "…"


class _Reader:
    """python-multipart callbacks collecting fields and files under the limits."""

    def __init__(self, limits: UploadLimits, check: Callable[[dict[str, str]], None],
                 file_field: str) -> None:
        self.limits = limits
        self.check = check
        self.file_field = file_field
        self.fields: dict[str, str] = {}
        self.files: list[Upload] = []
        self.too_large: list[str] = []
        self.file_count = 0
        self.checked = False
        self.part = _Part()
        self.header_name = b""
        self.header_value = b""

    def callbacks(self) -> dict[str, Callable]:
        return {
            "on_part_begin": self.on_part_begin, "on_part_data": self.on_part_data,
            "on_part_end": self.on_part_end, "on_header_field": self.on_header_field,
            "on_header_value": self.on_header_value, "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished,
        }

    def on_part_begin(self) -> None:
        self.part = _Part()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def on_header_end(self) -> None:
        self.part.headers[self.header_name.lower()] = self.header_value
        self.header_name, self.header_value = b"", b""

    def on_headers_finished(self) -> None:
        _kind, options = parse_options_header(self.part.headers.get(b"content-disposition"))
        self.part.name = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" in options:
            if not self.checked:
                self.check(self.fields)  # raises: no file byte before a good CSRF field
                self.checked = True
            self.part.filename = options[b"filename"].decode("utf-8", "replace")
            if self.part.filename and self.part.name == self.file_field:
                self.file_count += 1
        elif len(self.fields) >= MAX_FIELDS:
            raise Refused(400, "The form sent more fields than it has.")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        part = self.part
        if part.too_large:
            return
        part.data += data[start:end]
        if part.filename is None and len(part.data) > MAX_FIELD_BYTES:
            raise Refused(400, "A form field was longer than the form allows.")
        if part.filename is not None and len(part.data) > self.limits.max_file_bytes:
            part.too_large = True
            part.data = bytearray()

    def on_part_end(self) -> None:
        part = self.part
        if part.filename is None:
            self.fields[part.name] = part.data.decode("utf-8", "replace")
        elif not part.filename or part.name != self.file_field:
            return  # the empty part a browser sends when no file was chosen
        elif part.too_large:
            self.too_large.append(display_name(part.filename))
        elif self.file_count <= self.limits.max_files:
            self.files.append(Upload(display_name(part.filename), bytes(part.data)))
        self.part = _Part()


async def read_upload(content_type: str | None, content_length: str | None,
                      stream: AsyncIterator[bytes], limits: UploadLimits,
                      check: Callable[[dict[str, str]], None],
                      file_field: str = "files") -> tuple[dict[str, str], list[Upload]]:
    """The form's fields and its files, or Refused. `check` sees the fields before the first
    file and raises to refuse the upload (the CSRF check)."""
    kind, params = parse_options_header(content_type)
    if kind != b"multipart/form-data" or b"boundary" not in params:
        raise Refused(400, "The upload was not sent as a form with files.")
    declared = int(content_length) if (content_length or "").isdigit() else None
    if declared is not None and declared > limits.max_request_bytes:
        raise Refused(413, _too_big(limits))
    reader = _Reader(limits, check, file_field)
    parser = MultipartParser(params[b"boundary"], reader.callbacks())  # type: ignore[arg-type]
    received = 0
    try:
        async for chunk in stream:
            received += len(chunk)
            if received > limits.max_request_bytes:
                raise Refused(413, _too_big(limits))
            parser.write(chunk)
        parser.finalize()
    except MultipartParseError:
        raise Refused(400, "The upload was cut short or malformed; please try again.") from None
    if not reader.checked:
        check(reader.fields)
    if reader.file_count > limits.max_files:
        raise Refused(413, f"Too many files: up to {limits.max_files} can be checked at once. "
                           f"You sent {reader.file_count}.")
    if reader.too_large:
        names = ", ".join(reader.too_large)
        raise Refused(413, f"Too large to check here: {names}. Each file can be up to "
                           f"{megabytes(limits.max_file_bytes)}.")
    return reader.fields, reader.files


def _too_big(limits: UploadLimits) -> str:
    return (f"The upload is too large: up to {megabytes(limits.max_request_bytes)} can be sent "
            f"at once (each file up to {megabytes(limits.max_file_bytes)}).")
