"""forms: the one-time tokens of forms that created something (fossdash/once.py)

A form sent twice (a double-click without JavaScript, a second press on a slow network) creates
its record once: the first request to create something with a form's token stores it, in the same
transaction; the second cannot, creates nothing, and is sent where the first went.

Revision ID: 0016_forms_submitted_once
Revises: 0015_reporting_batch_row_digests
Create Date: 2026-12-04 19:00:00

"""
import sqlalchemy as sa
from alembic import op


revision = '0016_forms_submitted_once'
down_revision = '0015_reporting_batch_row_digests'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'submitted_form',
        sa.Column('token', sa.String(length=43), nullable=False),
        sa.Column('on', sa.Date(), nullable=False),
        sa.Column('location', sa.String(length=1000), nullable=True),
        sa.PrimaryKeyConstraint('token', name=op.f('pk_submitted_form')),
    )
    op.create_index(op.f('ix_submitted_form_on'), 'submitted_form', ['on'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_submitted_form_on'), table_name='submitted_form')
    op.drop_table('submitted_form')
