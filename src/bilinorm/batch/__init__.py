"""Batch runs over files and folders: discovery, workers, merging by article, the manifest."""

from .runner import RunOptions, RunSummary, run

__all__ = ["run", "RunOptions", "RunSummary"]
