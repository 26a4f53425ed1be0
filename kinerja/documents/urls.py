from django.urls import path

from kinerja.documents import views

app_name = "documents"

# Under /pk/ beside the agreement's own pages (kinerja/urls.py).
urlpatterns = [
    path("<int:agreement_id>/pratinjau/", views.agreement_preview, name="preview"),
    path("<int:agreement_id>/unduh.<str:fmt>", views.agreement_download, name="download"),
]
