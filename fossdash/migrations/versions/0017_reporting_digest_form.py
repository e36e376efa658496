"""reporting: which form of row identity an import batch kept (issue 11: the survey import)

Survey answers are counted by occurrence (two people may give identical answers). Until now a
row's identity was the hash of "<its hash>#<occurrence>", the first occurrence's too; now the
first occurrence is known by its own hash (one hash a row, not two), later ones as before. The
batches already imported keep the earlier form (1), and an import into a project that has any
reads their rows' identities in that form as well, so a file imported before is still recognised.

Revision ID: 0017_reporting_digest_form
Revises: 0016_forms_submitted_once
Create Date: 2026-12-04 22:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0017_reporting_digest_form'
down_revision = '0016_forms_submitted_once'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.add_column(sa.Column('digest_form', sa.SmallInteger(), nullable=False, server_default='1'))


def downgrade():
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.drop_column('digest_form')
