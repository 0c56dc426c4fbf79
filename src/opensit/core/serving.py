"""What a server worker's life means to the apps above core: `opensit serve` (core) sends
these signals from gunicorn's hooks, and the apps that care connect to them in their
`ready()` (diffusion warms the API up and writes its usage counts), so core imports none of
them."""

from django.dispatch import Signal

#: A worker is about to accept connections (gunicorn's `post_worker_init`); `worker` is
#: gunicorn's worker, `log` its logger. Receivers warm up what the first request would pay for.
worker_started = Signal()

#: A worker stops gracefully (a restart, a stop, `--max-requests`; gunicorn's `worker_exit`,
#: in the worker itself). Receivers write what the worker holds in memory.
worker_exiting = Signal()
