"""The theme's templates compiled once per process.

The engine makes a new Jinja environment for every build, which compiles Material's templates (about
fifty) again each time: about half a second of CPU in a small province's three-second build. A process
that builds more than once (a portal's script, the benchmark, the test suite) keeps the compiled code
here and reuses it; ``dti build`` builds once and gains nothing. Jinja checks each template's text
against the checksum it was compiled from, and the key names the template's file and every setting of
the environment that changes the compiled code, so a changed template, another theme folder or other
settings are compiled afresh.
"""

from __future__ import annotations

import jinja2
from jinja2.bccache import Bucket


def _settings(env: jinja2.Environment) -> tuple:
    """What of ``env`` the compiled code depends on: its syntax, whitespace handling, extensions and
    escaping."""
    return (
        env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
        env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
        env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
        tuple(sorted(env.extensions)), env.optimized, repr(env.autoescape), repr(env.finalize), env.is_async,
    )


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the life of the process."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def get_bucket(self, environment, name, filename, source) -> Bucket:
        key = self.get_cache_key(name, filename) + "|" + self.get_cache_key(repr(_settings(environment)))
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._code.clear()


COMPILED = CompiledTemplates()
