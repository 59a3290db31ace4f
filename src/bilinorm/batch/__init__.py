"""Batch runs over files and folders: discovery, workers (processes, Dask), merging by article,
resume, the manifest.

The names below are loaded on first use, so that a worker process, which needs only
`worker.process_input`, does not import the run's own machinery (engines, journal, manifest).
"""

_LAZY = {"run": ".runner", "RunOptions": ".runner", "RunSummary": ".runner",
         "Outcome": ".worker", "process_input": ".worker", "OutputUnwritable": ".worker",
         "EngineUnavailable": ".engine", "ENGINES": ".engine"}

__all__ = ["run", "RunOptions", "RunSummary", "Outcome", "process_input", "OutputUnwritable",
           "EngineUnavailable", "ENGINES"]


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
