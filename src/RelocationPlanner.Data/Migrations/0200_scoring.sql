-- Site suitability scoring: saved, versioned profiles; stored exclusion zones; scoring runs.

-- A profile is immutable once saved: a change is a new version of the same code, so every
-- scoring run can name exactly the rules it applied.
CREATE TABLE scoring_profiles (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
  version     integer NOT NULL CHECK (version >= 1),
  body        jsonb NOT NULL,
  created_by  text NOT NULL DEFAULT rp_current_user(),
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (code, version)
);

-- The built-in profile (same rules as ScoringProfile.Default in Core), present from the start.
INSERT INTO scoring_profiles (code, version, body, created_by) VALUES ('default', 1, '{
  "code": "default", "version": 1, "name": "Default: access to road, water, power and town",
  "include_planned": false,
  "criteria": [
    {"criterion": "road",  "weight": 0.30, "function": {"type": "linear", "full_m": 500,  "zero_m": 5000}},
    {"criterion": "water", "weight": 0.25, "function": {"type": "linear", "full_m": 1000, "zero_m": 5000}},
    {"criterion": "power", "weight": 0.20, "function": {"type": "linear", "full_m": 1000, "zero_m": 10000}},
    {"criterion": "town",  "weight": 0.25, "function": {"type": "linear", "full_m": 5000, "zero_m": 30000}}
  ],
  "exclusion_zones": [], "min_distances": []
}', 'system');

-- Areas where no site may go (hazards, nature reserves, reservoir basins). Profiles name them
-- by kind; tracked like the collections so the scoring cache sees every change.
CREATE TABLE exclusion_zones (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        text NOT NULL UNIQUE,
  name        text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('hazard', 'reserve', 'reservoir')),
  geom        geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  created_at  timestamptz NOT NULL, created_by text NOT NULL,
  updated_at  timestamptz NOT NULL, updated_by text NOT NULL,
  version     integer NOT NULL
);
CREATE INDEX exclusion_zones_geom_idx ON exclusion_zones USING gist (geom);
SELECT rp_track('exclusion_zones');

-- One scoring of all saved sites: which profile version on which data version, and the results.
CREATE TABLE scoring_runs (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  profile_code    text NOT NULL,
  profile_version integer NOT NULL,
  data_version    bigint NOT NULL,          -- sum of data_versions below: changes whenever any does
  data_versions   jsonb NOT NULL,           -- {"roads": n, "wells": n, ...}
  job_id          uuid,
  site_count      integer NOT NULL,
  results         jsonb NOT NULL,           -- [{site_id, code, score, excluded, reasons, criteria}]
  created_by      text NOT NULL DEFAULT rp_current_user(),
  created_at      timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (profile_code, profile_version) REFERENCES scoring_profiles (code, version)
);
CREATE INDEX scoring_runs_profile_idx ON scoring_runs (profile_code, created_at DESC);
