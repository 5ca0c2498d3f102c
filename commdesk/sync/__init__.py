"""Pulling people and activity in from platforms (Mastodon, Discourse, GitHub), offline-first.

FIELDS THE SYNC NEEDS IN THE DATABASE (request to the accounts helper, migration 0006 and
commdesk/domain/platforms.py; the sync code reads and writes exactly these names):

  platform_accounts (new columns on the existing table)
    sync_cursor      Text, nullable     JSON object, the per-account resume point, owned by the sync
                                        (e.g. {"followers": {"max_id": "123"}, "notifications":
                                        {"min_id": "456"}}); NULL = never synced.
    sync_status      String(20), not null, default "never"
                                        one of: never | ok | syncing | offline | failed
                                        (a SyncStatus LabelledEnum in domain/enums.py would be ideal;
                                        "offline" is shown as "offline, will retry").
    last_error       Text, nullable     the last failure's message (never a secret), NULL after success.
    sync_interval_minutes  Integer, nullable  the schedule; NULL = on demand only.
    settings         Text, nullable     JSON object of per-platform settings:
                                          mastodon:  {"hashtag": "fediverse", "community_id": 3}
                                          discourse: {"categories": {"<category id>": <community id>},
                                                      "groups": {"<group name>": <community id>},
                                                      "community_id": 3}  (default for unmapped)
                                          github:    {"org": "acme", "repository": "acme/widgets",
                                                      "community_id": 3}

  merge_candidates (new table: likely duplicates found by a sync, offered for merge, never merged)
    id               Integer primary key
    person_id        FK people.id ON DELETE CASCADE   the person the sync created/used
    other_person_id  FK people.id ON DELETE CASCADE   the existing person it probably duplicates
    reason           String(200)                      e.g. "same name as Mastodon @ada@example.org"
    created_at       UtcDateTime
    UNIQUE (person_id, other_person_id)

Until those land, the sync keeps nothing of its own in the schema.
"""
