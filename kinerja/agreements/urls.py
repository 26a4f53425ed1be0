from django.urls import path

from kinerja.agreements import views

app_name = "agreements"

urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("baru/", views.agreement_new, name="new"),
    path("salin/<int:unit_id>/<int:year>/", views.agreement_copy, name="copy"),
    path("<int:agreement_id>/", views.agreement_edit, name="edit"),
    path("<int:agreement_id>/pernyataan/", views.statement_save, name="statement"),
    path("<int:agreement_id>/bagian/tambah/", views.section_add, name="section_add"),
    path("<int:agreement_id>/anggaran/tambah/", views.budget_add, name="budget_add"),
    path("<int:agreement_id>/anggaran/jumlah/", views.budget_total, name="budget_total"),
    path("bagian/<int:section_id>/", views.section_save, name="section"),
    path("bagian/<int:section_id>/hapus/", views.section_delete, name="section_delete"),
    path("bagian/<int:section_id>/<str:direction>/", views.section_move, name="section_move"),
    path("bagian/<int:section_id>/baris/tambah/", views.row_add, name="row_add"),
    path("baris/<int:row_id>/", views.row_save, name="row"),
    path("baris/<int:row_id>/hapus/", views.row_delete, name="row_delete"),
    path("baris/<int:row_id>/<str:direction>/", views.row_move, name="row_move"),
    path("anggaran/<int:line_id>/", views.budget_save, name="budget"),
    path("anggaran/<int:line_id>/hapus/", views.budget_delete, name="budget_delete"),
]

urlpatterns += [
    path("<int:agreement_id>/final/", views.agreement_finalise, name="finalise"),
    path("<int:agreement_id>/buka/", views.agreement_reopen, name="reopen"),
    path("<int:agreement_id>/pindaian/", views.agreement_scan, name="scan"),
    path("<int:agreement_id>/pindaian/<int:scan_id>.pdf", views.scan_download, name="scan_download"),
    path("<int:agreement_id>/sampaikan/", views.agreement_submit, name="submit"),
    path("<int:agreement_id>/terima/", views.agreement_receive, name="receive"),
    path("<int:agreement_id>/kembalikan/", views.agreement_return, name="return"),
    path("<int:agreement_id>/perubahan/", views.agreement_revise, name="revise"),
    path("<int:agreement_id>/riwayat/", views.agreement_history, name="history"),
]
