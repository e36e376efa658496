"""reporting: the identities of an import's rows kept on its batch (issue 11: the survey import)

Rows that link to no record (survey answers) no longer take a row each in imported_row (a unique
index entry and a batch index entry per answer): the batch keeps their 16-byte digests, sorted, in
one value. The rows of that kind already in imported_row stay there and are still read, so a file
imported before this change is still recognised.

Revision ID: 0015_reporting_batch_row_digests
Revises: 0014_concern_illustrative_index
Create Date: 2026-12-04 18:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0015_reporting_batch_row_digests'
down_revision = '0014_concern_illustrative_index'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.add_column(sa.Column('row_digests', sa.LargeBinary(), nullable=True))


def downgrade():
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.drop_column('row_digests')
