from outcomes.views.recording import (
    time_point_draft,
    time_point_list,
    time_point_record,
    time_point_settle,
)
from outcomes.views.reports import (
    data_dictionary,
    data_dictionary_csv,
    dataset_export,
    programme_outcomes,
)

__all__ = [
    "data_dictionary",
    "data_dictionary_csv",
    "dataset_export",
    "programme_outcomes",
    "time_point_draft",
    "time_point_list",
    "time_point_record",
    "time_point_settle",
]
