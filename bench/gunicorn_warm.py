"""gunicorn settings of the API benchmark's server: each worker warms up before it takes traffic,
as under `opensit serve` (opensit.diffusion.warmup)."""

from opensit.core.management.commands.serve import warm_worker

post_worker_init = warm_worker
