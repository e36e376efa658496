"""Forms of the Returns pages."""
from __future__ import annotations

from flask_wtf.file import FileField

from fossdash.forms import Form, radios, select
from fossdash.returns.periods import SCHEMES


class QuarterForm(Form):
    quarter = select("Quarter", [], "Select the quarter the return is for")

    def set_quarters(self, quarters, chosen=None) -> None:
        from fossdash.form_choices import options

        self.quarter.choices = options([(q.key, q.long_label) for q in quarters])
        from flask import request

        if chosen is not None and not self.quarter.data and request.method == "GET":
            self.quarter.data = chosen.key


class SchemeForm(Form):
    scheme = radios("How does this project count its quarters?", SCHEMES,
                    "Select how this project counts its quarters")


class UploadForm(Form):
    # forms.py has no file field yet: the GOV.UK file-upload markup is written in the template.
    file = FileField("Upload a file")
