from django.urls import path

from home import views

# Not namespaced: "home" is the site's start page, named by LOGIN_REDIRECT_URL
# and by every "Continue" link.
urlpatterns = [
    path("", views.home, name="home"),
]
