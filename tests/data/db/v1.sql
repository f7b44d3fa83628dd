-- A Kindly data file at schema version 1 (the first release's layout), as text.
-- v1.db next to it was made from this file with:   sqlite3 v1.db < v1.sql
-- test_store.cpp migrates a copy of v1.db and checks every row against what is below.
-- Times are Unix seconds: 1796029200 = 2026-11-30T09:00:00Z (a Monday).
PRAGMA user_version = 1;
CREATE TABLE events(
  seq     INTEGER PRIMARY KEY AUTOINCREMENT,
  type    TEXT    NOT NULL,
  at      INTEGER NOT NULL,
  payload TEXT    NOT NULL DEFAULT '{}'
);
CREATE TABLE journal(
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at INTEGER NOT NULL,
  item       TEXT,
  body       TEXT    NOT NULL
);
INSERT INTO events(type, at, payload) VALUES
  ('begun',            1796029200, '{"course_id":"eight-weeks","course_version":"0.9.0"}'),
  ('week_started',     1796029260, '{"module":"week-1","week":1}'),
  ('item_done',        1796031000, '{"module":"week-1","week":1,"item":"w1-reading"}'),
  ('practice_logged',  1796032800, '{"module":"week-1","week":1,"practice":"breathing","minutes":12,"note":"restless, then calmer","before":4,"after":2}'),
  ('practice_logged',  1796119200, '{"module":"week-1","week":1,"practice":"breathing","minutes":15}'),
  ('checkin_answered', 1796122800, '{"module":"week-1","week":1,"item":"w1-checkin","answers":[4,2,1]}'),
  ('item_done',        1796126400, '{"module":"week-1","week":1,"item":"w1-retired-item"}');
INSERT INTO journal(created_at, item, body) VALUES
  (1796033000, 'w1-reflection', 'I noticed how often I hurry.'),
  (1796123000, NULL, 'A free note about a good walk.');
