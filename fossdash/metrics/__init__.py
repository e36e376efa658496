"""SQL aggregates turned into plain data (lists, dicts, dataclasses). No Flask request here, so each
function can be tested and benchmarked on its own; charts and returns take what these return."""
