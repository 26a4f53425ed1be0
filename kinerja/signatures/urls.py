from django.urls import path

from kinerja.signatures import views

app_name = "signatures"

urlpatterns = [
    path("v/", views.verify_index, name="verify_index"),
    path("v/ca.pem", views.ca_certificate, name="ca_certificate"),
    path("v/<str:code>/", views.verify, name="verify"),
    path("pk/<int:agreement_id>/tte/<str:party>/", views.sign, name="sign"),
]
