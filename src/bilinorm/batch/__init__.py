"""Batch runs over files and folders: discovery, workers (processes, Dask), merging by article,
resume, the manifest."""

from .engine import ENGINES, EngineUnavailable
from .runner import RunOptions, RunSummary, run
from .worker import Outcome, OutputUnwritable, process_input

__all__ = ["run", "RunOptions", "RunSummary", "Outcome", "process_input", "OutputUnwritable",
           "EngineUnavailable", "ENGINES"]
