"""`python -m bilinorm`: the same command line as `bilinorm`."""

from .cli import main

raise SystemExit(main())
