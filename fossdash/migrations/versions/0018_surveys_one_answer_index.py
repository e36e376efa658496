"""surveys: one index on survey_answer's round, not two (issue 11: the survey import)

Every query of released answers reads them by round (a round belongs to one project), so the
index on (project_id, round_id) only cost each stored answer a second index entry: about 25 ms
of an import of 100,000 answers (`flask bench --only "survey import"`). The round's own index
stays, and serves the cascade when a round is deleted.

Revision ID: 0018_surveys_one_answer_index
Revises: 0017_reporting_digest_form
Create Date: 2026-12-04 23:40:00

"""
from alembic import op


revision = '0018_surveys_one_answer_index'
down_revision = '0017_reporting_digest_form'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('survey_answer', schema=None) as batch_op:
        batch_op.drop_index('ix_survey_answer_project_round')


def downgrade():
    with op.batch_alter_table('survey_answer', schema=None) as batch_op:
        batch_op.create_index('ix_survey_answer_project_round', ['project_id', 'round_id'], unique=False)
