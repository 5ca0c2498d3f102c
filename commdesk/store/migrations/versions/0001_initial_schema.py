"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('company', 'nonprofit', 'public_body', 'education', 'community', 'other', name='kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('website', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
    sa.UniqueConstraint('name', name=op.f('uq_organisations_name'))
    )
    op.create_table('platform_accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.Enum('mastodon', 'discourse', 'github', 'linkedin', 'meetup', 'slack', 'discord', 'email', 'website', 'in_person', 'other', name='platform', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('base_url', sa.String(length=500), nullable=False),
    sa.Column('username', sa.String(length=200), nullable=False),
    sa.Column('last_sync_at', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_platform_accounts')),
    sa.UniqueConstraint('platform', 'base_url', 'username', name=op.f('uq_platform_accounts_platform_base_url_username'))
    )
    op.create_table('tags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tags')),
    sa.UniqueConstraint('name', name=op.f('uq_tags_name'))
    )
    op.create_table('organisation_domains',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('domain', sa.String(length=253), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_organisation_domains_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_domains')),
    sa.UniqueConstraint('domain', name=op.f('uq_organisation_domains_domain'))
    )
    with op.batch_alter_table('organisation_domains', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_domains_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=50), nullable=True),
    sa.Column('job_title', sa.String(length=200), nullable=True),
    sa.Column('department', sa.String(length=200), nullable=True),
    sa.Column('location', sa.String(length=200), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('consent', sa.Boolean(), nullable=False),
    sa.Column('consent_on', sa.Date(), nullable=True),
    sa.Column('consent_source', sa.String(length=200), nullable=True),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('last_activity_at', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.Integer(), nullable=False),
    sa.CheckConstraint('length(trim(name)) > 0', name=op.f('ck_people_name_not_empty')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_people_organisation_id_organisations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people'))
    )
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_archived'), ['archived'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_last_activity_at'), ['last_activity_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('communities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=True),
    sa.Column('scope', sa.Enum('internal', 'external', 'mixed', name='scope', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.Integer(), nullable=False),
    sa.CheckConstraint('length(trim(name)) > 0', name=op.f('ck_communities_name_not_empty')),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_communities_owner_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_communities')),
    sa.UniqueConstraint('name', name=op.f('uq_communities_name'))
    )
    with op.batch_alter_table('communities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_communities_owner_id'), ['owner_id'], unique=False)

    op.create_table('identities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.Enum('mastodon', 'discourse', 'github', 'linkedin', 'meetup', 'slack', 'discord', 'email', 'website', 'in_person', 'other', name='platform', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('handle', sa.String(length=200), nullable=False),
    sa.Column('profile_url', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_identities_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_identities')),
    sa.UniqueConstraint('platform', 'handle', name=op.f('uq_identities_platform_handle'))
    )
    with op.batch_alter_table('identities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_identities_person_id'), ['person_id'], unique=False)

    op.create_table('person_emails',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_person_emails_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_emails')),
    sa.UniqueConstraint('person_id', 'email', name=op.f('uq_person_emails_person_id_email'))
    )
    with op.batch_alter_table('person_emails', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_emails_email'), ['email'], unique=False)

    op.create_table('person_roles',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('employee', 'customer', 'supplier', 'partner', 'shareholder', 'competitor', 'other', name='role', native_enum=False, create_constraint=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_person_roles_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', 'role', name=op.f('pk_person_roles'))
    )
    with op.batch_alter_table('person_roles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_roles_role'), ['role'], unique=False)

    op.create_table('person_tags',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_person_tags_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_person_tags_tag_id_tags'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', 'tag_id', name=op.f('pk_person_tags'))
    )
    with op.batch_alter_table('person_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_tags_tag_id'), ['tag_id'], unique=False)

    op.create_table('plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('objective', sa.Text(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('draft', 'active', 'done', 'archived', name='status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('created_at', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.Integer(), nullable=False),
    sa.CheckConstraint('ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on', name=op.f('ck_plans_ends_after_start')),
    sa.CheckConstraint('length(trim(name)) > 0', name=op.f('ck_plans_name_not_empty')),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_plans_owner_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plans')),
    sa.UniqueConstraint('name', name=op.f('uq_plans_name'))
    )
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plans_owner_id'), ['owner_id'], unique=False)

    op.create_table('activities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=True),
    sa.Column('platform', sa.Enum('mastodon', 'discourse', 'github', 'linkedin', 'meetup', 'slack', 'discord', 'email', 'website', 'in_person', 'other', name='platform', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('kind', sa.Enum('post', 'comment', 'reaction', 'share', 'mention', 'message', 'event_attendance', 'meeting', 'email', name='kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=True),
    sa.Column('url', sa.String(length=1000), nullable=True),
    sa.Column('source', sa.Enum('manual', 'import', 'sync', name='source', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('external_id', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_activities_community_id_communities'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_activities_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activities')),
    sa.UniqueConstraint('platform', 'external_id', name=op.f('uq_activities_platform_external_id'))
    )
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.create_index('ix_activities_community_time', ['community_id', 'occurred_at'], unique=False)
        batch_op.create_index('ix_activities_person_time', ['person_id', 'occurred_at'], unique=False)
        batch_op.create_index('ix_activities_time', ['occurred_at'], unique=False)

    op.create_table('community_channels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.Enum('mastodon', 'discourse', 'github', 'linkedin', 'meetup', 'slack', 'discord', 'email', 'website', 'in_person', 'other', name='platform', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('address', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_community_channels_community_id_communities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_community_channels')),
    sa.UniqueConstraint('community_id', 'platform', 'address', name=op.f('uq_community_channels_community_id_platform_address'))
    )
    op.create_table('community_tags',
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_community_tags_community_id_communities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_community_tags_tag_id_tags'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('community_id', 'tag_id', name=op.f('pk_community_tags'))
    )
    with op.batch_alter_table('community_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_community_tags_tag_id'), ['tag_id'], unique=False)

    op.create_table('kpis',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('metric', sa.Enum('active_members', 'new_members', 'activities', 'activities_per_week', 'event_attendance', 'custom', name='metric', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=True),
    sa.Column('target_value', sa.Float(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_kpis_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kpis'))
    )
    with op.batch_alter_table('kpis', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kpis_plan_id'), ['plan_id'], unique=False)

    op.create_table('memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('member', 'moderator', 'champion', 'influencer', name='role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('joined_on', sa.Date(), nullable=True),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.CheckConstraint('left_on IS NULL OR joined_on IS NULL OR left_on >= joined_on', name=op.f('ck_memberships_left_after_joined')),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_memberships_community_id_communities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_memberships_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memberships')),
    sa.UniqueConstraint('person_id', 'community_id', name=op.f('uq_memberships_person_id_community_id'))
    )
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_memberships_community_id'), ['community_id'], unique=False)

    op.create_table('plan_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('phase', sa.Enum('internal', 'external', 'harmonise', 'grow', name='phase', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.Enum('policy', 'content', 'event', 'campaign', 'outreach', 'survey', 'training', 'process', name='kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('platform', sa.Enum('mastodon', 'discourse', 'github', 'linkedin', 'meetup', 'slack', 'discord', 'email', 'website', 'in_person', 'other', name='platform', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('community_id', sa.Integer(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('department', sa.String(length=200), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('idea', 'planned', 'in_progress', 'done', 'cancelled', name='status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.Integer(), nullable=False),
    sa.CheckConstraint('length(trim(title)) > 0', name=op.f('ck_plan_items_title_not_empty')),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_plan_items_community_id_communities'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_plan_items_owner_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_items_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_items'))
    )
    with op.batch_alter_table('plan_items', schema=None) as batch_op:
        batch_op.create_index('ix_plan_items_board', ['plan_id', 'phase', 'position'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_items_community_id'), ['community_id'], unique=False)
        batch_op.create_index('ix_plan_items_due', ['plan_id', 'due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_items_owner_id'), ['owner_id'], unique=False)

    op.create_table('plan_target_communities',
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_plan_target_communities_community_id_communities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_target_communities_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('plan_id', 'community_id', name=op.f('pk_plan_target_communities'))
    )
    with op.batch_alter_table('plan_target_communities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_target_communities_community_id'), ['community_id'], unique=False)

    op.create_table('plan_target_roles',
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('employee', 'customer', 'supplier', 'partner', 'shareholder', 'competitor', 'other', name='role', native_enum=False, create_constraint=True), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_target_roles_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('plan_id', 'role', name=op.f('pk_plan_target_roles'))
    )
    op.create_table('plan_item_tags',
    sa.Column('plan_item_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plan_item_id'], ['plan_items.id'], name=op.f('fk_plan_item_tags_plan_item_id_plan_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_plan_item_tags_tag_id_tags'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('plan_item_id', 'tag_id', name=op.f('pk_plan_item_tags'))
    )
    with op.batch_alter_table('plan_item_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_item_tags_tag_id'), ['tag_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('plan_item_tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_item_tags_tag_id'))

    op.drop_table('plan_item_tags')
    op.drop_table('plan_target_roles')
    with op.batch_alter_table('plan_target_communities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_target_communities_community_id'))

    op.drop_table('plan_target_communities')
    with op.batch_alter_table('plan_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_items_owner_id'))
        batch_op.drop_index('ix_plan_items_due')
        batch_op.drop_index(batch_op.f('ix_plan_items_community_id'))
        batch_op.drop_index('ix_plan_items_board')

    op.drop_table('plan_items')
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_memberships_community_id'))

    op.drop_table('memberships')
    with op.batch_alter_table('kpis', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kpis_plan_id'))

    op.drop_table('kpis')
    with op.batch_alter_table('community_tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_community_tags_tag_id'))

    op.drop_table('community_tags')
    op.drop_table('community_channels')
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_index('ix_activities_time')
        batch_op.drop_index('ix_activities_person_time')
        batch_op.drop_index('ix_activities_community_time')

    op.drop_table('activities')
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plans_owner_id'))

    op.drop_table('plans')
    with op.batch_alter_table('person_tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_tags_tag_id'))

    op.drop_table('person_tags')
    with op.batch_alter_table('person_roles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_roles_role'))

    op.drop_table('person_roles')
    with op.batch_alter_table('person_emails', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_emails_email'))

    op.drop_table('person_emails')
    with op.batch_alter_table('identities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_identities_person_id'))

    op.drop_table('identities')
    with op.batch_alter_table('communities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_communities_owner_id'))

    op.drop_table('communities')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_people_name'))
        batch_op.drop_index(batch_op.f('ix_people_last_activity_at'))
        batch_op.drop_index(batch_op.f('ix_people_archived'))

    op.drop_table('people')
    with op.batch_alter_table('organisation_domains', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_domains_organisation_id'))

    op.drop_table('organisation_domains')
    op.drop_table('tags')
    op.drop_table('platform_accounts')
    op.drop_table('organisations')
