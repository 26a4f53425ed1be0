from django.urls import path

from kinerja.actionplans import views

app_name = "actionplans"

urlpatterns = [
    path("<int:agreement_id>/", views.plan, name="plan"),
    path("<int:agreement_id>/setuju/<str:party>/", views.agree, name="agree"),
    path("baris/<int:row_id>/langkah-baru/", views.step_new, name="step_new"),
    path("langkah/<int:step_id>/", views.step_edit, name="step_edit"),
    path("langkah/<int:step_id>/hapus/", views.step_remove, name="step_delete"),
]
