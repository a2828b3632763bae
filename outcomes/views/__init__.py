from outcomes.views.recording import (
    time_point_list,
    time_point_record,
    time_point_settle,
)
from outcomes.views.reports import dataset_export, programme_outcomes

__all__ = [
    "dataset_export",
    "programme_outcomes",
    "time_point_list",
    "time_point_record",
    "time_point_settle",
]
