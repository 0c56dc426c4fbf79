"""Background jobs: OpenSIT's work that runs outside requests, on a django-tasks queue.

The API other apps use is `opensit.jobs.api`: `@job(...)` defines a task with retries and
backoff, `Task.enqueue(...)` queues it, `run_pending()` runs what is due in-process (tests).
`opensit worker` runs the queue and the periodic schedule (`OPENSIT_SCHEDULE`).
"""
