from django.urls import path

from kinerja.planning import views

app_name = "planning"

urlpatterns = [
    path("", views.index, name="index"),
    path("renstra/<int:plan_id>/", views.renstra, name="renstra"),
    path("unit/<int:unit_id>/", views.unit_year, name="unit_year"),
    path("unit/<int:unit_id>/<int:year>/", views.unit_plan, name="unit"),
    path("unit/<int:unit_id>/<int:year>/reviu/", views.iku_review, name="review"),
    path("unit/<int:unit_id>/<int:year>/keputusan/", views.iku_decree, name="decree"),
    path("unit/<int:unit_id>/<int:year>/salin/<str:kind>/", views.plan_copy, name="copy"),
    path("provinsi/<int:unit_id>/", views.province_year, name="province_year"),
    path("unit/<int:unit_id>/<int:year>/rkt/", views.rkt_page, name="rkt"),
    path("unit/<int:unit_id>/<int:year>/rkt/buat/", views.rkt_create, name="rkt_create"),
    path("unit/<int:unit_id>/<int:year>/rkt/bagian/", views.rkt_section_add, name="rkt_section_add"),
    path("unit/<int:unit_id>/<int:year>/rkt/baris/", views.rkt_row_add, name="rkt_row_add"),
    path("rkt/bagian/<int:section_id>/", views.rkt_section_edit, name="rkt_section"),
    path("rkt/bagian/<int:section_id>/hapus/", views.rkt_section_delete, name="rkt_section_delete"),
    path("rkt/baris/<int:row_id>/", views.rkt_row_edit, name="rkt_row"),
    path("rkt/baris/<int:row_id>/hapus/", views.rkt_row_delete, name="rkt_row_delete"),
    path("provinsi/<int:unit_id>/<int:year>/", views.province_status, name="province"),
    path("iku/<int:item_id>/target/", views.iku_item_target, name="iku_target"),
    path("dipa/<int:dipa_id>/", views.dipa_edit, name="dipa"),
    path("keputusan/<int:decree_id>/berkas/", views.decree_file, name="decree_file"),
    path("impor/", views.import_page, name="import"),
    path("templat/<str:kind>.xlsx", views.template_download, name="template"),
    path("ekspor/<str:kind>.xlsx", views.export, name="export"),
]
