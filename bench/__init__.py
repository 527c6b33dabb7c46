"""Fan-out benchmark harness for the live rooms (issue 7): `python -m bench.run` (see docs/benchmarks.md).

Nothing here is imported by the product; the harness drives the real stack (uvicorn, Redis, PostgreSQL)
and two baselines over loopback from client processes of its own.
"""
