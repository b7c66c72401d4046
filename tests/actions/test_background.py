"""The action server's background queue: bounded, and one failing job does not stop the later ones."""

from __future__ import annotations

import threading

from actions.background import BackgroundQueue


def test_a_full_backlog_drops_new_jobs_and_a_failing_job_does_not_stop_the_thread() -> None:
    running, release, done = threading.Event(), threading.Event(), threading.Event()
    ran: list[str] = []
    jobs = BackgroundQueue("test-queue", backlog=2)

    def failing() -> None:
        running.set()
        release.wait(10)
        raise RuntimeError("the desk said no")

    assert jobs.submit(failing) and running.wait(10)
    # The thread holds `failing` (waiting on `release`), so two more fill the backlog and the next is dropped.
    started = threading.Event()
    assert jobs.submit(lambda: started.set())
    assert jobs.submit(lambda: (ran.append("after the failure"), done.set()))
    dropped = not jobs.submit(lambda: ran.append("dropped"))
    release.set()
    assert done.wait(10) and started.is_set()
    assert ran == ["after the failure"] and dropped
