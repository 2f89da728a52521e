"""The `nkdash` command line (`nkdash-cli` in the frozen build): headless commands over the same
engine functions the app uses.

`program` builds the parser from the command groups, one module each (`connection`, `lake`,
`extract`, `profit`, `kpi`, `export`, `attention`, `demo`), and runs a command; `options` holds
the options several commands share (one spelling of a range of days), `usage` the usage error
and the settings every command reads.
"""

from nkdash_desktop.cli.program import build_parser, main

__all__ = ["build_parser", "main"]
