"""The name under which the site engine finds the ``dti`` plugin (the ``mkdocs.plugins`` entry point).

The plugin lives in :mod:`generator.engine.plugin`. The entry point keeps this name because ``dti export``
rebuilds each published edition with the code of its own tag, through the entry point of the installed
package: an edition tagged before the engine package existed finds its own plugin here.
"""

from .engine.plugin import DtiPlugin

__all__ = ["DtiPlugin"]
