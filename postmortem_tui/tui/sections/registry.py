"""Which form shows which section; imported lazily so start-up builds only what is shown."""

from __future__ import annotations

import importlib

from ...core.model import PostMortem
from .base import SectionForm

FORMS: dict[str, str] = {
    "header": "header:HeaderForm",
    "summary": "summary:SummaryForm",
    "impact": "impact:ImpactForm",
    "timeline": "timeline:TimelineForm",
    "root_cause": "root_cause:RootCauseForm",
    "factors": "factors:FactorsForm",
    "resolution": "resolution:ResolutionForm",
    "actions": "actions:ActionsForm",
    "lessons": "lessons:LessonsForm",
    "appendix": "appendix:AppendixForm",
    "signoff": "signoff:SignOffForm",
    "history": "history:HistoryForm",
}


def build_form(key: str, doc: PostMortem) -> SectionForm:
    module_name, class_name = FORMS[key].split(":")
    module = importlib.import_module(f"{__package__}.{module_name}")
    form_class: type[SectionForm] = getattr(module, class_name)
    return form_class(doc)
