-- Reports on external data (issue 14): one field's values in order, so
-- that min, max, ranks (median, p90: ORDER BY ... LIMIT 1 OFFSET n),
-- histogram bins and per-day series read an index range of that field
-- instead of every value of it. Strings already have
-- ix_data_values_text (field_id, value_text(255)).
ALTER TABLE data_values
  ADD KEY ix_data_values_int (field_id, value_int),
  ADD KEY ix_data_values_time (field_id, value_time);
