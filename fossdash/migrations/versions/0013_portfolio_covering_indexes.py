"""portfolio: covering indexes for the portfolio's evidence counts (issue 10: the page under 150 ms)

The concerns' (project, raised on) index becomes (project, raised on, answered on, status), so the
concern counts of the portfolio and the project home add up the index alone; communication actions
get (project, due on, done on) for the same reason.

Revision ID: 0013_portfolio_covering_indexes
Revises: 0012_survey_round_cells
Create Date: 2026-12-04 16:00:00

"""
from alembic import op


revision = '0013_portfolio_covering_indexes'
down_revision = '0012_survey_round_cells'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_concern_project_raised_answered_status', 'concern',
                    ['project_id', 'raised_on', 'answered_on', 'status'], unique=False)
    op.drop_index('ix_concern_project_raised_on', table_name='concern')
    op.create_index('ix_comms_action_project_due_done', 'comms_action', ['project_id', 'due_on', 'done_on'],
                    unique=False)


def downgrade():
    op.drop_index('ix_comms_action_project_due_done', table_name='comms_action')
    op.create_index('ix_concern_project_raised_on', 'concern', ['project_id', 'raised_on'], unique=False)
    op.drop_index('ix_concern_project_raised_answered_status', table_name='concern')
