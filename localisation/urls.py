from django.urls import path

from localisation import views

app_name = "localisation"

# No record of a case is named in these addresses: a list is chosen by its key in
# the query string or the form, a holiday by its date in the form.
urlpatterns = [
    path("time/", views.time_settings, name="time"),
    path("time/holidays/", views.holiday_add, name="holiday_add"),
    path("time/holidays/remove/", views.holiday_remove, name="holiday_remove"),
    path("terms/", views.terms_update, name="terms"),
    path("lists/", views.list_index, name="list_index"),
    path("lists/edit/", views.list_detail, name="list_detail"),
    path("lists/entry/", views.entry_change, name="entry_change"),
]
