"""The `stead` command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from stead.cli import up


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stead", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("up", help="start stead on this machine, in the foreground")
    start.add_argument("--data-dir", type=Path, default=None,
                       help="where state, certificates and the kubeconfig live "
                            "(default: $XDG_DATA_HOME/stead)")  # fmt: skip
    start.add_argument("--api-port", type=int, default=6443, help="API port (0 picks a free one)")
    start.add_argument("--bind-address", default="127.0.0.1", help="API address to listen on")
    start.add_argument(
        "--insecure-http",
        action="store_true",
        help="serve plain HTTP without authentication (loopback testing only)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "up":
        options = up.UpOptions(
            data_dir=args.data_dir,
            api_port=args.api_port,
            bind_address=args.bind_address,
            insecure_http=args.insecure_http,
        )
        return up.run(options)
    return 2


if __name__ == "__main__":
    sys.exit(main())
