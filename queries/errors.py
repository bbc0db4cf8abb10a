"""The one error hierarchy: UserError for what a person typed or loaded, everything else is internal.

The type itself lives in data/errors.py (no project imports) so that data/ never imports
queries/; it is re-exported here for the question layer.
"""

from __future__ import annotations

from data.errors import ErrorInfo, UserError

__all__ = ["ErrorInfo", "UserError"]
