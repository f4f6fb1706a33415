"""One small writer per answer shape, each writing from the question plan and the evidence only."""

from .base import Writing, messages
from .items import ItemWriter

__all__ = ["ItemWriter", "Writing", "messages"]
