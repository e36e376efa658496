"""surveys: each closed round's answers added up per agency and staff group (survey_round_cells)

Revision ID: 0012_survey_round_cells
Revises: 0011_portfolio_round_totals
Create Date: 2026-12-04 16:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0012_survey_round_cells'
down_revision = '0011_portfolio_round_totals'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('survey_round_cells',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=False),
    sa.Column('counted_on', sa.Date(), nullable=False),
    sa.Column('cells', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['survey_round.id'], name=op.f('fk_survey_round_cells_round_id_survey_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', name=op.f('pk_survey_round_cells'))
    )


def downgrade():
    op.drop_table('survey_round_cells')
