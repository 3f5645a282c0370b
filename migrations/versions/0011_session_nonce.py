"""A per-user session nonce, apart from the nonce of mailed links: logging out changes it, so
a copied session or remember-me cookie stops working.

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('users', sa.Column('session_nonce', sa.String(length=32), nullable=False,
                                     server_default=''))
    # Sessions signed in before the upgrade carry the token nonce: they stay valid.
    op.execute("UPDATE users SET session_nonce = token_nonce")


def downgrade():
    op.drop_column('users', 'session_nonce')
