"""python -m scenarios.machinery.docsite build | serve [--addr HOST:PORT] | clean"""

from __future__ import annotations

import argparse
import sys

from scenarios.machinery.docsite import build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scenarios.machinery.docsite", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("build", help="execute changed page notebooks, then mkdocs build --strict into site/")
    make.add_argument("--jobs", type=int, default=2, help="notebooks executed at once (default 2)")
    served = commands.add_parser("serve", help="generate the pages, then mkdocs serve with live reload")
    served.add_argument("--addr", default="127.0.0.1:8000")
    commands.add_parser("clean", help="remove docs/generated/ and site/ (the cache stays)")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            build.build(args.jobs)
        elif args.command == "serve":
            return build.serve(args.addr)
        else:
            build.clean()
    except (build.PageFailed, AssertionError) as error:
        print(f"docs build failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
