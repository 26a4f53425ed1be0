from django.urls import path

from kinerja.intake import views

app_name = "intake"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:session_id>/", views.session, name="session"),
    path("<int:session_id>/kemajuan/", views.progress, name="progress"),
    path("<int:session_id>/baca-ulang/", views.retry, name="retry"),
    path("<int:session_id>/halaman/<int:page>.png", views.page_image, name="page_image"),
    path("sumber/<int:agreement_id>/", views.source, name="source"),
]
