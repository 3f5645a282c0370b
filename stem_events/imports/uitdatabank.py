"""Import of STEM activities from UiTdatabank (Search API) into the moderated import pipeline."""

from __future__ import annotations

from . import uitdatabank_models as _models  # noqa: F401  (register tables)
