"""Ordered schema migrations. Append only: never edit one that has shipped.
Migration N takes the schema from version N-1 to N."""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: the storyboard
    """
    CREATE TABLE projects (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        aspect TEXT NOT NULL DEFAULT '16:9',
        fps REAL NOT NULL DEFAULT 24,
        created REAL NOT NULL,
        updated REAL NOT NULL
    );
    CREATE TABLE shots (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        position REAL NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        data TEXT NOT NULL,
        created REAL NOT NULL,
        updated REAL NOT NULL
    );
    CREATE INDEX shots_by_project ON shots(project_id, deleted, position);
    CREATE TABLE takes (
        id TEXT PRIMARY KEY,
        shot_id TEXT NOT NULL REFERENCES shots(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        data TEXT NOT NULL,
        created REAL NOT NULL,
        UNIQUE (shot_id, number)
    );
    CREATE TABLE elements (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        data TEXT NOT NULL
    );
    CREATE UNIQUE INDEX elements_name ON elements(project_id, name COLLATE NOCASE);
    CREATE TABLE templates (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        data TEXT NOT NULL
    );
    CREATE TABLE comments (
        id TEXT PRIMARY KEY,
        shot_id TEXT NOT NULL REFERENCES shots(id) ON DELETE CASCADE,
        data TEXT NOT NULL,
        created REAL NOT NULL
    );
    CREATE TABLE prompt_history (
        prompt TEXT PRIMARY KEY,
        used REAL NOT NULL,
        count INTEGER NOT NULL DEFAULT 1
    );
    """,
    # 2: the generation queue, the spend ledger and the media cache index
    """
    CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        shot_id TEXT,
        provider TEXT NOT NULL,
        model TEXT NOT NULL DEFAULT '',
        request TEXT NOT NULL,
        estimated_cost REAL,
        cost_currency TEXT NOT NULL DEFAULT 'USD',
        state TEXT NOT NULL,
        handle TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        priority INTEGER NOT NULL DEFAULT 0,
        position REAL NOT NULL,
        created REAL NOT NULL,
        updated REAL NOT NULL,
        started REAL,
        finished REAL,
        last_error TEXT,
        percent REAL,
        queue_position INTEGER,
        eta REAL,
        media_path TEXT,
        take_id TEXT,
        batch_id TEXT
    );
    CREATE INDEX jobs_by_state ON jobs(state, priority, position);
    CREATE INDEX jobs_by_project ON jobs(project_id, created);
    CREATE TABLE spend (
        job_id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL,
        provider TEXT NOT NULL,
        day TEXT NOT NULL,
        amount REAL NOT NULL,
        currency TEXT NOT NULL,
        recorded REAL NOT NULL
    );
    CREATE INDEX spend_by_day ON spend(day, provider);
    CREATE TABLE media_cache (
        name TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        last_access REAL NOT NULL,
        refetchable INTEGER NOT NULL DEFAULT 0,
        created REAL NOT NULL
    );
    CREATE TABLE queue_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 3: the media bin (files imported into a project, one row per distinct content) and the
    # upload cache (which services already hold which content, so nothing is sent twice)
    """
    CREATE TABLE media_items (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        sha256 TEXT NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        path TEXT NOT NULL,
        size INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        data TEXT NOT NULL,
        created REAL NOT NULL,
        UNIQUE (project_id, sha256)
    );
    CREATE INDEX media_items_by_path ON media_items(path);
    CREATE TABLE uploads (
        provider TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        remote_id TEXT NOT NULL,
        route TEXT NOT NULL,
        size INTEGER NOT NULL,
        name TEXT NOT NULL,
        data TEXT NOT NULL,
        uploaded REAL NOT NULL,
        PRIMARY KEY (provider, sha256)
    );
    """,
    # 4: every create sent is a spend row (one per attempt, not one per job); each active job
    # has an owner (a running queue, alive while its heartbeat is fresh), so two queues on one
    # library never take each other's jobs; a job records when its create was sent and whether
    # it is being reconciled, so identical requests in flight are told apart
    """
    CREATE TABLE spend_rows (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        job_id TEXT NOT NULL,
        attempt INTEGER NOT NULL DEFAULT 1,
        project_id TEXT NOT NULL,
        provider TEXT NOT NULL,
        day TEXT NOT NULL,
        amount REAL NOT NULL,
        currency TEXT NOT NULL,
        recorded REAL NOT NULL,
        confirmed INTEGER NOT NULL DEFAULT 1,
        remote_id TEXT,
        UNIQUE (job_id, attempt)
    );
    INSERT INTO spend_rows (job_id, attempt, project_id, provider, day, amount, currency,
                            recorded)
        SELECT job_id, 1, project_id, provider, day, amount, currency, recorded FROM spend;
    DROP TABLE spend;
    ALTER TABLE spend_rows RENAME TO spend;
    CREATE INDEX spend_by_day ON spend(day, provider);
    CREATE INDEX spend_by_job ON spend(job_id);
    ALTER TABLE jobs ADD COLUMN owner TEXT;
    ALTER TABLE jobs ADD COLUMN sent REAL;
    ALTER TABLE jobs ADD COLUMN reconciling INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX jobs_by_owner ON jobs(owner, state);
    CREATE TABLE queue_runners (
        id TEXT PRIMARY KEY,
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        heartbeat REAL NOT NULL,
        started REAL NOT NULL
    );
    """,
    # 5: sound and words: a project's audio and subtitle tracks, the audio clips placed on
    # them in film time and the subtitle cues (each row's data is its pydantic model)
    """
    CREATE TABLE sound_tracks (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        position REAL NOT NULL,
        data TEXT NOT NULL
    );
    CREATE UNIQUE INDEX sound_tracks_name ON sound_tracks(project_id, kind, name COLLATE NOCASE);
    CREATE TABLE audio_clips (
        id TEXT PRIMARY KEY,
        track_id TEXT NOT NULL REFERENCES sound_tracks(id) ON DELETE CASCADE,
        start REAL NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX audio_clips_by_track ON audio_clips(track_id, start);
    CREATE TABLE subtitle_cues (
        id TEXT PRIMARY KEY,
        track_id TEXT NOT NULL REFERENCES sound_tracks(id) ON DELETE CASCADE,
        start REAL NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX subtitle_cues_by_track ON subtitle_cues(track_id, start);
    """,
    # 6: what a working agent (Tellers) has said so far, per job and stream (its answer, its
    # reasoning summary), so the queue's job detail shows it after a restart and the CLI can
    # print it; a shot's input media (first/last frame, driving video, audio) live in the
    # shot's data, so media-bin lookups by input go through json_each like its references
    """
    CREATE TABLE job_text (
        job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        stream TEXT NOT NULL,
        text TEXT NOT NULL,
        updated REAL NOT NULL,
        PRIMARY KEY (job_id, stream)
    );
    """,
    # 7: a job's landing (issue "Sound and words"): where its result goes when it is not a take
    # of its shot (a clip on an audio track, cues on a subtitle track, a file beside the
    # project); NULL is a take, as every job before this was
    """
    ALTER TABLE jobs ADD COLUMN landing TEXT;
    """,
    # 8: what a project open reads of 10,000 shots and 30,000 takes, answered from indexes
    # (benchmarks/library.py open): each shot's planned duration in order, beside the id of
    # its selected take (ShotRepository.rows_for_project, TakeRepository.selected_trims: the
    # expressions are those queries' own, so SQLite reads the values instead of parsing each
    # row's JSON); the four fields of a take the length rule reads; live takes per shot
    # (TakeRepository.counts_for_project, without visiting the take rows); a project's media
    # items in the bin's order (MediaItemRepository.rows_for_project: no scan of every
    # project's items, no sort)
    """
    CREATE INDEX shots_in_order ON shots(project_id, deleted, position,
        coalesce(json_extract(data, '$.duration'), 4.0),
        json_extract(data, '$.selected_take_id'));
    CREATE INDEX takes_trims ON takes(id, deleted, json_extract(data, '$.media_path'),
        json_extract(data, '$.duration'), coalesce(json_extract(data, '$.trim_in'), 0.0),
        json_extract(data, '$.trim_out'));
    CREATE INDEX takes_live_by_shot ON takes(shot_id, deleted);
    CREATE INDEX media_items_in_order ON media_items(project_id, deleted, created, id);
    """,
    # 9: each shot's jobs newest first, in the order JobStore.latest_marks_per_shot reads
    # them (the card badges of a project open), holding every column it reads: the first
    # entry per shot is its newest job, read from the index alone
    """
    CREATE INDEX jobs_newest_per_shot ON jobs(project_id, shot_id, created DESC, priority,
        position DESC, state, id);
    """,
    # 10: each shot's live takes, kept on its row by SQLite itself as takes are added,
    # deleted, brought back or removed (by the studio, the CLI or a bundle import alike): a
    # project open read them by counting 30,000 takes shot by shot, most of what it spent
    # beyond the shots themselves (TakeRepository.counts_for_project now reads the column,
    # through an index of the shots that have any)
    """
    ALTER TABLE shots ADD COLUMN live_takes INTEGER NOT NULL DEFAULT 0;
    UPDATE shots SET live_takes = (SELECT count(*) FROM takes t
        WHERE t.shot_id = shots.id AND t.deleted = 0);
    CREATE TRIGGER takes_live_added AFTER INSERT ON takes WHEN NEW.deleted = 0
    BEGIN
        UPDATE shots SET live_takes = live_takes + 1 WHERE id = NEW.shot_id;
    END;
    CREATE TRIGGER takes_live_removed AFTER DELETE ON takes WHEN OLD.deleted = 0
    BEGIN
        UPDATE shots SET live_takes = live_takes - 1 WHERE id = OLD.shot_id;
    END;
    CREATE TRIGGER takes_live_changed AFTER UPDATE OF deleted, shot_id ON takes
        WHEN OLD.deleted != NEW.deleted OR OLD.shot_id != NEW.shot_id
    BEGIN
        UPDATE shots SET live_takes = live_takes - 1 WHERE id = OLD.shot_id AND OLD.deleted = 0;
        UPDATE shots SET live_takes = live_takes + 1 WHERE id = NEW.shot_id AND NEW.deleted = 0;
    END;
    CREATE INDEX shots_with_takes ON shots(project_id, id, live_takes) WHERE live_takes > 0;
    """,
]


def latest_version() -> int:
    return len(MIGRATIONS)
