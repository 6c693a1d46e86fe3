"""What the engine package raises when a site cannot be built: located, never a traceback."""

from __future__ import annotations


class BuildFailed(Exception):
    """The engine could not build the site: the issue's code, the configuration field it names, a message,
    where the problem is when it is not the configuration file (an environment variable, an inherited
    file) and the line it is on, when known."""

    def __init__(self, code: str, field: str | None, message: str, where: str | None = None, row: int | None = None):
        super().__init__(message)
        self.code, self.field, self.message, self.where, self.row = code, field, message, where, row

    def problems(self) -> list[BuildFailed]:
        """Each problem to report (one here; several for a refused configuration)."""
        return [self]


class ConfigRefused(BuildFailed):
    """The configuration was refused before the engine read it, for each of ``problems``."""

    def __init__(self, problems: list[BuildFailed]):
        first = problems[0]
        super().__init__(first.code, first.field, first.message, first.where, first.row)
        self.found = problems

    def problems(self) -> list[BuildFailed]:
        return self.found
