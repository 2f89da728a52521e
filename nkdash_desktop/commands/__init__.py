"""Groups of `nkdash` subcommands, one module each; every module exposes
`register(subparsers)`, adding its parsers with `set_defaults(func=...)`."""
