"""AI readiness assessment of the data estate (`airlock assess`).

Service API: `assess(AssessRequest, Engine) -> AssessmentReport`; sources in `sources/`,
metric definitions in `metrics.py`, scoring rules in `score.py`.
"""

from airlock.assess.model import AssessmentReport
from airlock.assess.service import AssessRequest, assess

__all__ = ["AssessRequest", "AssessmentReport", "assess"]
