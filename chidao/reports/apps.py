from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "chidao.reports"
    label = "reports"

    def ready(self) -> None:
        from chidao.attachments import parents

        from .models import ReportBuild

        # A scheduled report's DOCX and XLSX are attached to its build, so
        # they are scanned and served like every other file (Art. 11, 13).
        parents.register("periodic_report", ReportBuild)
