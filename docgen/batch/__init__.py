"""Many workbooks at once: plan (inputs, names, collisions), run (a pool over a make-one function), summary."""

from __future__ import annotations

from .plan import BatchUsageError, Job, collect_inputs, plan_jobs
from .run import BatchResult, JobResult, MakeOne, Progress, make_many, run_jobs
from .summary import HEADINGS, summary_lines, summary_row, summary_total, table_lines

__all__ = ["BatchResult", "BatchUsageError", "Job", "JobResult", "MakeOne", "Progress", "collect_inputs",
           "make_many", "plan_jobs", "run_jobs", "summary_lines", "summary_row", "summary_total", "table_lines",
           "HEADINGS"]
