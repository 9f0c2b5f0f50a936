"""Delayed and periodic jobs, declared by modules and run by both runners.

Delayed jobs live in ``core_jobs``: scheduled in the caller's transaction, claimed when due, run
with their effects and their receipt in one transaction (the outbox's guarantee). Periodic jobs
are claimed per period through ``core_periodic_runs``, so one worker runs each period.
"""
