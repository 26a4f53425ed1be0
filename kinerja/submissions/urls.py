from django.urls import path

from kinerja.submissions import views

app_name = "submissions"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("ekspor.xlsx", views.dashboard_export, name="export"),
    path("provinsi/<int:unit_id>/", views.province_year, name="province_year"),
    path("provinsi/<int:unit_id>/<int:year>/", views.province, name="province"),
    path("provinsi/<int:unit_id>/<int:year>/kompilasi/", views.compile_package, name="compile"),
    path("paket/<int:package_id>/", views.package_detail, name="package"),
    path("paket/<int:package_id>/berkas.<str:kind>", views.package_file, name="package_file"),
    path("paket/<int:package_id>/teruskan/", views.package_forward, name="forward"),
    path("paket/<int:package_id>/terima/", views.package_receive, name="receive"),
    path("pk/<int:agreement_id>/kirim/", views.sending, name="sending"),
    path("pk/<int:agreement_id>/arsip/", views.hardcopy, name="hardcopy"),
    path("pk/<int:agreement_id>/minta-hardcopy/", views.hardcopy_request, name="hardcopy_request"),
    path("permintaan/<int:request_id>/jawab/", views.hardcopy_answer, name="hardcopy_answer"),
]

urlpatterns += [
    path("cetak/", views.jobs, name="jobs"),
    path("cetak/<int:job_id>/", views.job_progress, name="job"),
    path("cetak/<int:job_id>/hasil/", views.job_result, name="job_result"),
]
