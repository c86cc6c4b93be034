-- Data version of the newest run of a profile, to tell whether infrastructure changed since.
SELECT data_version FROM scoring_runs WHERE profile_code = $1 ORDER BY id DESC LIMIT 1
