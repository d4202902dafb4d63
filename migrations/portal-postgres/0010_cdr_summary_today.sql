-- Today's finished hours are summarised too, so that a month that ends
-- today does not read the whole of today from the PBX (27,400 rows a day
-- took ~190 ms on MariaDB at 30 M rows: docs/figures.md). Such a day
-- covers its hours before `through_hour` (1–23) only; NULL: the whole day.
ALTER TABLE cdr_summary_days ADD COLUMN through_hour BIGINT;
