from django.urls import path

from kinerja.intake import views

app_name = "intake"

urlpatterns = [
    path("sumber/<int:agreement_id>/", views.source, name="source"),
]
