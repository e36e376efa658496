"""concerns: a partial index of each project's illustrative concerns

The project home and the register ask whether any of a project's concerns are illustrative; with
no index on the flag that read every one of the project's rows. A partial index (only the
illustrative rows, by project) answers it with one probe.

Revision ID: 0014_concern_illustrative_index
Revises: 0013_portfolio_covering_indexes
Create Date: 2026-12-04 18:20:00

"""
import sqlalchemy as sa
from alembic import op


revision = '0014_concern_illustrative_index'
down_revision = '0013_portfolio_covering_indexes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_concern_project_illustrative', 'concern', ['project_id'], unique=False,
                    sqlite_where=sa.text('illustrative = 1'), postgresql_where=sa.text('illustrative'))


def downgrade():
    op.drop_index('ix_concern_project_illustrative', table_name='concern')
