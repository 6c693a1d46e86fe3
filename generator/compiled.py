"""The templates compiled once, not at every build.

The engine makes a new Jinja environment for every build, which compiles Material's templates (about
fifty) again each time, and each process compiles the site's own page templates (about fifteen): about
half a second of CPU in a small province's three-second build. The compiled code is kept in memory for
the process's next build, and in the user's cache folder (:mod:`generator.usercache`) for the next
``dti build``. Jinja checks each template's text against the checksum it was compiled from and the
Python version it was compiled by, and the key names the template and every setting of the environment
that changes the compiled code, so a changed template, one read from another folder or other settings
are compiled afresh; the cache keeps one entry per template and settings. Nothing depends on the cache:
a file that cannot be read or written, or is damaged, only means compiling again.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from . import usercache


def _settings(env: jinja2.Environment, name: str | None) -> tuple:
    """What of ``env`` the compiled code of template ``name`` depends on: its syntax, whitespace handling,
    extensions, whether it escapes this template, and the kind of its ``finalize`` (values that stay the
    same from one process to the next: a function's address does not)."""
    autoescape = env.autoescape(name) if callable(env.autoescape) else env.autoescape
    finalize = None if env.finalize is None else str(getattr(env.finalize, "jinja_pass_arg", "plain"))
    return (
        env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
        env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
        env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
        tuple(sorted(env.extensions)), env.optimized, bool(autoescape), finalize, env.is_async,
    )


def cache_file(key: str) -> Path:
    return usercache.folder() / "templates" / f"{key}.jinja"


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the life of the process, and in the user's cache folder."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def get_bucket(self, environment, name, filename, source) -> Bucket:
        # One entry per template name and settings, whatever folder the template was read from (an export
        # builds each edition from a checkout in a temporary folder): the cache stays the size of one
        # theme. Code compiled from a file elsewhere names that file in its tracebacks, so it is compiled
        # again (and replaces the entry).
        key = hashlib.sha256(repr((name, _settings(environment, name))).encode("utf-8")).hexdigest()
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        if bucket.code is not None and bucket.code.co_filename != (filename or "<template>"):
            bucket.reset()
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is None:
            try:
                code = cache_file(bucket.key).read_bytes()
            except OSError:
                return
        try:
            bucket.bytecode_from_string(code)
        except Exception:  # noqa: BLE001 - a damaged file is compiled again, never a failed build
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        code = bucket.bytecode_to_string()
        self._code[bucket.key] = code
        usercache.keep(cache_file(bucket.key), code)


COMPILED = CompiledTemplates()
