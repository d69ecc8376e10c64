"""Pandera (polars backend) models: the single place where every table's columns are declared.

`warehouse/` derives its DDL from these models, and every frame is validated against them
before it is loaded.
"""

from schemas.articles import ArticleModel, ArticleVersionModel
from schemas.ops import DqResultModel, QuarantineModel, RawPageModel, RunModel, UrlStateModel
from schemas.parsed import ParsedArticleModel

__all__ = [
    "ArticleModel",
    "ArticleVersionModel",
    "DqResultModel",
    "ParsedArticleModel",
    "QuarantineModel",
    "RawPageModel",
    "RunModel",
    "UrlStateModel",
]
