"""Rumour-busting questions and answers: drafted (often from a concern or a survey comment, the
wording edited first), published to the staff page, ordered by the programme. No Flask request here."""
from __future__ import annotations

from datetime import date

from sqlalchemy import case, select

from fossdash.concerns.models import Concern, QuestionAnswer
from fossdash.extensions import db

from fossdash.projects.models import Project


def _qa_order():
    return [
        case((QuestionAnswer.position.is_(None), 1), else_=0),
        QuestionAnswer.position,
        QuestionAnswer.published_on.desc(),
        QuestionAnswer.id.desc(),
    ]


def published_answers(project_id: int) -> list[QuestionAnswer]:
    return list(db.session.scalars(
        select(QuestionAnswer).where(QuestionAnswer.project_id == project_id, QuestionAnswer.published.is_(True))
        .order_by(*_qa_order())
    ))


def draft_answers(project_id: int) -> list[QuestionAnswer]:
    return list(db.session.scalars(
        select(QuestionAnswer).where(QuestionAnswer.project_id == project_id, QuestionAnswer.published.is_(False))
        .order_by(QuestionAnswer.updated_at.desc(), QuestionAnswer.id.desc())
    ))


def answers_from(concern: Concern) -> list[QuestionAnswer]:
    return list(db.session.scalars(
        select(QuestionAnswer).where(QuestionAnswer.concern_id == concern.id).order_by(QuestionAnswer.id)
    ))


def new_question(project: Project, concern: Concern | None = None) -> QuestionAnswer:
    """An unsaved Q&A, prefilled from a concern for the programme to edit before it goes out."""
    qa = QuestionAnswer(project_id=project.id, question="", answer="", published=False)
    if concern is not None:
        qa.concern_id = concern.id
        qa.question = concern.text
        qa.answer = concern.response or ""
    return qa


def save_question(qa: QuestionAnswer, question: str, answer_text: str, position: int | None, publish: bool) -> None:
    qa.question = question.strip()
    qa.answer = answer_text.strip()
    qa.position = position
    set_published(qa, publish)
    if qa.id is None:
        db.session.add(qa)


def set_published(qa: QuestionAnswer, publish: bool) -> None:
    if publish and not qa.published:
        qa.published_on = date.today()
    if not publish:
        qa.published_on = None
    qa.published = publish
