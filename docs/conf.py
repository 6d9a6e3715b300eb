"""Sphinx configuration for the supecost documentation.

Build with ``python3 -m sphinx -W --keep-going -b html docs docs/_build/html``
after ``python3 -m pip install -e '.[docs]'``. Nothing here needs the network.
This file imports only the standard library and supecost, so pytest's
``--doctest-modules`` can import it without Sphinx installed.
"""

from __future__ import annotations

import contextlib
from typing import Any

from supecost import __version__

# FastAPI fails to import part-way through autodoc (pydantic rejects its models'
# ``__pydantic_extra__`` there), so the service and its optional dependencies are
# imported here, before autodoc runs, when they are installed.
with contextlib.suppress(ImportError):
    import supecost.service  # noqa: F401

project = "supecost"
author = "The supecost developers"
copyright = "The supecost developers"
version = release = __version__
language = "en"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 4

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_class_signature = "separated"
autodoc_default_options = {
    "members": True,
    "undoc-members": True,
    "show-inheritance": True,
    "exclude-members": (
        "model_config, model_fields, model_computed_fields, model_post_init, __new__"
    ),
}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False

html_theme = "furo"
html_title = f"supecost {__version__}"
html_show_sourcelink = False
pygments_style = "sphinx"


def _public_bases(app: object, name: str, obj: object, options: object, bases: list[type]) -> None:
    """Show a private base class (``_Record``) as its first public ancestor."""
    for index, base in enumerate(bases):
        if base.__name__.startswith("_"):
            public = next(c for c in base.__mro__ if not c.__name__.startswith("_"))
            bases[index] = public


def setup(app: Any) -> None:
    """Hook the base-class tidy-up into autodoc."""
    app.connect("autodoc-process-bases", _public_bases)
