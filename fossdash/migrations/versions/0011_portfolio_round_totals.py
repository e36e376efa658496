"""portfolio: each closed survey round's answers added up (portfolio_round_total)

Revision ID: 0011_portfolio_round_totals
Revises: 0010_workshops
Create Date: 2026-12-04 14:05:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0011_portfolio_round_totals'
down_revision = '0010_workshops'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('portfolio_round_total',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=False),
    sa.Column('counted_on', sa.Date(), nullable=False),
    sa.Column('answers', sa.Integer(), nullable=False),
    sa.Column('core_sum', sa.Integer(), nullable=False),
    sa.Column('core_n', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_portfolio_round_total_project_id_project'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['survey_round.id'], name=op.f('fk_portfolio_round_total_round_id_survey_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', name=op.f('pk_portfolio_round_total'))
    )
    with op.batch_alter_table('portfolio_round_total', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_portfolio_round_total_project_id'), ['project_id'], unique=False)


def downgrade():
    with op.batch_alter_table('portfolio_round_total', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_portfolio_round_total_project_id'))
    op.drop_table('portfolio_round_total')
