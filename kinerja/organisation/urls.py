from django.urls import path

from kinerja.organisation import views

app_name = "organisation"

urlpatterns = [
    path("", views.index, name="index"),
    path("wilayah/<str:region_code>/", views.region, name="region"),
    path("unit/<int:unit_id>/", views.unit_detail, name="unit"),
]
