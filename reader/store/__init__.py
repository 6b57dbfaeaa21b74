"""The library store: SQLAlchemy models, sessions and migrations; the only place that talks SQL."""

from reader.store.db import BUSY_TIMEOUT, DB_NAME, Store
from reader.store.models import Article, Base, CorrectionRun, Decision, Export, ModelAnswer

__all__ = ["BUSY_TIMEOUT", "DB_NAME", "Article", "Base", "CorrectionRun", "Decision", "Export", "ModelAnswer", "Store"]
